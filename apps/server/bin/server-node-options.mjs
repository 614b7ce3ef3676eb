// The Node.js options `npm start` runs the server with (and the benchmarks too, to measure what it runs).
// A 64 MB young generation: with many requests in flight their objects outlive Node 20's default of
// 16 MB and are promoted, then collected by full collections; measured with 100 clients, 16% less CPU
// a request (bench:api). Node 24 sizes it about so by itself.
//
// A 256 MB first limit of the old generation: V8 starts a full (incremental) collection whenever the
// old generation's headroom is smaller than the young generation's capacity, which with a 64 MB young
// generation and a 56 MB heap happened every 150 ms during an import, each one marking the whole heap
// for almost nothing (13 full collections in one import of a 143 MB file, 1 with this limit; server CPU
// of that import 8.3-9.0 s against 6.3-6.6 s, peak RSS 490 MB against 510-560 MB; bench:import).
//
// Both are for the request thread: the parse worker is made with V8's own sizes (parse-worker-heap.ts).
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=64', '--initial-old-space-size=256'];
