/** Worker entry: exposes the simulation API over comlink. */
import { expose } from 'comlink';
import { api } from './api';

expose(api);
