import type { z } from 'zod';
import type { MethodName, MethodResult, StudioMethods } from '../../shared/api/methods';

/** One implementation per table entry, receiving the already-validated arguments. */
export type Handlers = { [M in MethodName]: (args: z.output<StudioMethods[M]['args']>) => Promise<MethodResult<M>> };
export type HandlerGroup<K extends MethodName> = Pick<Handlers, K>;
