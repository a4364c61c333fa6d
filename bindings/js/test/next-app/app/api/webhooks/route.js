// App Router: the body is read once, as bytes, by the helper.
import { engineName } from 'hookproof';
import { withWebhook } from 'hookproof/next';

export const POST = withWebhook(process.env.PRINTONE_WEBHOOK_SECRET, async (request, event) =>
  Response.json({ router: 'app', event: event.event, id: event.data.id, createdAt: event.createdAt.toISOString() }),
{ bodyLimit: '64kb', replay: true });

// For the test: which engine the installed package loaded (the platform package's binary).
export const GET = () => Response.json({ engine: engineName() });
