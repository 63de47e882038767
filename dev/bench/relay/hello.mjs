// A Worker that does nothing, in plain JavaScript: the bench measures it to
// show what workerd and wrangler dev cost per request before any Go runs.
export default {
  async fetch() {
    return new Response('{"status":"ok"}\n', { headers: { "content-type": "application/json" } });
  },
};
