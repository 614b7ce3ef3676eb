// The Node.js options `npm start` runs the server with (and the benchmarks too, to measure what it runs).
// A 64 MB young generation: with many requests in flight their objects outlive Node 20's default of
// 16 MB and are promoted, then collected by full collections; measured with 100 clients, 16% less CPU
// a request (bench:api). Node 24 sizes it about so by itself.
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=64'];
