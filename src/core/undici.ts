// undici's dispatchers and its request API, without the rest of undici: its index also loads fetch, WebSocket,
// caches and mocks, which the step never calls and which would more than double each bundle.

import { setFlagsFromString } from 'node:v8';
import type { Dispatcher as DispatcherType } from 'undici';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import connect from 'undici/lib/api/api-connect.js';
import request from 'undici/lib/api/api-request.js';

// undici parses HTTP with a WebAssembly module. V8 compiles it at once for a quick start, then again, optimised,
// on background threads, and the process cannot exit before that second compile ends: tens of milliseconds on
// every run, for a parser that reads one or two responses. The quick compile is plenty; it must be chosen before
// the first connection.
setFlagsFromString('--liftoff-only');

// What undici's index does for every dispatcher: ProxyAgent opens its tunnel with `connect`, we call `request`.
Object.assign(Dispatcher.prototype, { connect, request });

export { Agent, EnvHttpProxyAgent, ProxyAgent, type DispatcherType as Dispatcher };
