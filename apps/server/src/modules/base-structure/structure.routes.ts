import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import {
  ClassInputSchema,
  DisciplineInputSchema,
  DisciplineSchema,
  IdParamSchema,
  PeriodInputSchema,
  PeriodSchema,
  PupilInputSchema,
  PupilSchema,
  SchoolClassSchema,
  TeacherInputSchema,
  TeacherSchema,
} from '@preau/contracts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { STRUCTURE_KIND_SPECS } from './structure-kinds.ts';
import type { StructureService } from './structure.service.ts';

/** URL segment, id parameter, schemas and spec of each structure kind. */
const ROUTED_KINDS = [
  { path: 'periods', idParam: 'periodId', input: PeriodInputSchema, item: PeriodSchema, spec: STRUCTURE_KIND_SPECS.periods, label: 'periods' },
  { path: 'classes', idParam: 'classId', input: ClassInputSchema, item: SchoolClassSchema, spec: STRUCTURE_KIND_SPECS.classes, label: 'classes' },
  { path: 'pupils', idParam: 'pupilId', input: PupilInputSchema, item: PupilSchema, spec: STRUCTURE_KIND_SPECS.pupils, label: 'pupils' },
  { path: 'teachers', idParam: 'teacherId', input: TeacherInputSchema, item: TeacherSchema, spec: STRUCTURE_KIND_SPECS.teachers, label: 'teachers' },
  { path: 'disciplines', idParam: 'disciplineId', input: DisciplineInputSchema, item: DisciplineSchema, spec: STRUCTURE_KIND_SPECS.disciplines, label: 'disciplines' },
] as const;

/** /api/bases/{baseId}/{periods|classes|pupils|teachers|disciplines}[/{id}]: list, create, replace, delete. */
export function registerStructureRoutes(app: FastifyInstance, { structureService }: { structureService: StructureService }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base structure'];
  const baseParams = Type.Object({ baseId: IdParamSchema });

  for (const kind of ROUTED_KINDS) {
    // The five kinds share one shape; the spec's own types are checked in structure-kinds.ts.
    const spec = kind.spec as never;
    const itemParams = Type.Object({ baseId: IdParamSchema, [kind.idParam]: IdParamSchema });
    const list = Type.Object({ items: Type.Array(kind.item as TSchema) });
    const query = kind.path === 'pupils' ? Type.Object({ classId: Type.Optional(IdParamSchema) }) : Type.Object({});

    r.get(`/api/bases/:baseId/${kind.path}`, {
      config: { action: 'base.structure.read' },
      schema: { tags, summary: `The base's ${kind.label}`, params: baseParams, querystring: query, response: { 200: list } },
      handler: async (request) => {
        const items = (await structureService.list(requireBaseAccess(request), spec)) as { classId?: string }[];
        const classId = (request.query as { classId?: string }).classId;
        return { items: classId === undefined ? items : items.filter((i) => i.classId === classId) };
      },
    });

    r.post(`/api/bases/:baseId/${kind.path}`, {
      config: { action: 'base.structure.write' },
      schema: { tags, summary: `Add to the base's ${kind.label}`, params: baseParams, body: kind.input as TSchema, response: { 201: kind.item as TSchema } },
      handler: async (request, reply) =>
        reply.code(201).send(await structureService.save(requireBaseAccess(request), spec, undefined, request.body as never)),
    });

    r.put(`/api/bases/:baseId/${kind.path}/:${kind.idParam}`, {
      config: { action: 'base.structure.write' },
      schema: { tags, summary: `Replace one of the base's ${kind.label}`, params: itemParams, body: kind.input as TSchema, response: { 200: kind.item as TSchema } },
      handler: (request) => {
        const id = (request.params as Record<string, string>)[kind.idParam] ?? '';
        return structureService.save(requireBaseAccess(request), spec, id, request.body as never);
      },
    });

    r.delete(`/api/bases/:baseId/${kind.path}/:${kind.idParam}`, {
      config: { action: 'base.structure.write' },
      schema: { tags, summary: `Delete one of the base's ${kind.label}`, params: itemParams },
      handler: async (request, reply) => {
        const id = (request.params as Record<string, string>)[kind.idParam] ?? '';
        await structureService.remove(requireBaseAccess(request), spec, id);
        return reply.code(204).send();
      },
    });
  }
}
