// App Router, answering first: the handler runs after the 200 (kept alive by Node under
// `next start`; on Vercel pass `background: { waitUntil }` from @vercel/functions, or Next's `after`).
import { appendFileSync } from 'node:fs';
import { withWebhook } from 'hookproof/next';

export const POST = withWebhook(process.env.PRINTONE_WEBHOOK_SECRET, async (request, event) => {
  await new Promise((r) => setTimeout(r, 1500));
  appendFileSync(process.env.HANDLED_LOG, `app ${event.data.id}\n`);
}, { background: true });
