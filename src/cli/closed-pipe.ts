/**
 * `parley templates list | head -1`: the reader has what it wanted and closed the pipe. Writing on
 * is pointless, and Node would otherwise die of the EPIPE with a stack trace; end as quietly as
 * the Unix tools do (they are killed by SIGPIPE, which Node ignores).
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0)
      throw error
    })
  }
}
