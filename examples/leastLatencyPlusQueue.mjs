// An example of your own policy: send each request to the backend with the smallest estimated
// response time, the network round trip plus the wait its (late) held queue implies.
//
//   lbsim run scenarios/three-regions.json --set 'policy={"kind":"module","path":"../examples/leastLatencyPlusQueue.mjs","queueWeight":1}'
//
// Written only against the documented interface (PolicyView, UserPolicy in docs/scenario-format.md):
// `view` is what the frontend knows; the returned object routes.

/** @param {import("lbsim").PolicyView} view @returns {import("lbsim").UserPolicy} */
export default function leastLatencyPlusQueue(view) {
  const queueWeight = typeof view.params.queueWeight === "number" ? view.params.queueWeight : 1;
  const one = 1 / view.scale; // one request, in the held counts' units
  return {
    readsState: true,
    route(frontend, random) {
      const allowed = view.frontends[frontend].allowed;
      const size = view.meanSize(frontend);
      let best = -1;
      let bestCost = Infinity;
      let ties = 0;
      for (const j of allowed) {
        const backend = view.backends[j];
        // the held count plus this request, served at the backend's rate with that many present
        const n = view.count(frontend, j) + one;
        const cost = view.latency(frontend, j) + view.backLatency(frontend, j) + (queueWeight * n * size) / backend.rate(n);
        if (cost < bestCost) {
          best = j;
          bestCost = cost;
          ties = 1;
        } else if (cost === bestCost && random() * ++ties < 1) {
          best = j; // reservoir choice among equal costs: no bias to the first listed
        }
      }
      return best;
    },
  };
}
