// A CLI whose reader went away (`pama solve … | head -c 10`) stops quietly, as a Unix tool killed
// by SIGPIPE does: no stack trace, exit status 141 (128 + SIGPIPE). Node ignores SIGPIPE and
// reports EPIPE as an 'error' event on the stream instead, which would otherwise crash.

/** Exit status for "the reader of stdout went away", as a shell shows a SIGPIPE death. */
export const CLOSED_PIPE_EXIT = 141;

export function exitQuietlyWhenReaderLeaves(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(CLOSED_PIPE_EXIT);
      throw error;
    });
  }
}
