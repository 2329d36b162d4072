// TypeDoc plugin: every exported function and class of a package's entry point must carry an
// `@example` in its doc comment. TypeDoc's own `notDocumented` check only asks for some comment;
// this adds the example. Error classes are outcomes, not entry points, and need no example.
// Reported as warnings, which the configuration turns into errors.
import { Application, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const entryPoints = project.getReflectionsByKind(ReflectionKind.Function | ReflectionKind.Class);
    for (const reflection of entryPoints) {
      if (reflection.parent?.kindOf(ReflectionKind.Class)) continue;
      if (reflection.extendedTypes?.some((t) => t.toString() === 'Error')) continue;
      const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
      if (comments.some((c) => c?.getTag('@example') !== undefined)) continue;
      app.logger.warn(`${reflection.getFriendlyFullName()} (${ReflectionKind[reflection.kind]}) has no @example in its doc comment`);
    }
  });
}
