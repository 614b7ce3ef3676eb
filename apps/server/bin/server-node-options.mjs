// The Node.js options `npm start` runs the server with (and the benchmarks too, to measure what it runs).
// A 64 MB young generation: with many requests in flight their objects outlive Node 20's default of
// 16 MB and are promoted, then collected by full collections; measured with 100 clients, 16% less CPU
// a request (bench:api). Node 24 sizes it about so by itself.
//
// No first limit of the old generation above V8's own (`--initial-old-space-size=256` until stop 48:
// it spared a parse in this thread 12 full collections per import, but the parse runs in a worker
// now, and the limit deferred every full collection of a long-running server until 256 MB of its
// garbage; bench:import's peak RSS 498 MB against 541 MB without it, bench:api and the imports' CPU
// the same within their spread, decision 0007).
//
// The young generation is for the request thread: the parse worker is made with V8's own sizes
// (parse-worker-heap.ts).
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=64'];
