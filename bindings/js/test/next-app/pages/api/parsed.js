// The mistake the helper explains: Next's parser left on.
import { withWebhookPages } from 'hookproof/next';

export default withWebhookPages(process.env.PRINTONE_WEBHOOK_SECRET, async () => ({ never: true }));
