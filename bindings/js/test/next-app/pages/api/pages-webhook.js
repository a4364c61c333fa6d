// Pages Router: Next's body parser must be off, or the signed bytes are gone.
import { withWebhookPages } from 'hookproof/next';

export const config = { api: { bodyParser: false } };

export default withWebhookPages(process.env.PRINTONE_WEBHOOK_SECRET, async (event) =>
  ({ router: 'pages', event: event.event, id: event.data.id }), { bodyLimit: '64kb' });
