/** The Node.js options `npm start` runs the server with (server-node-options.mjs). */
export declare const SERVER_NODE_OPTIONS: readonly string[];
