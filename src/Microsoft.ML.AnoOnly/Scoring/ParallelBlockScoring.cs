using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// Scores a block of rows in chunks shared between the calling thread and helpers on the machine's other cores.
    /// <see cref="Start"/> offers the chunks to the helpers (when the block is worth <see cref="HandOffWork"/>) and returns
    /// at once, so the caller can read the next block of its input meanwhile; <see cref="Finish"/> then takes the chunks
    /// left, waits for the helpers still inside a chunk and rethrows a failure of the scorer. ML.NET's own transforms
    /// (RandomizedPca's among them) score through parallel cursors on all cores; a model of tens of thousands of
    /// multiply-adds per row (the ensemble, FEAWAD) would otherwise score on one, and the reading of its input would wait
    /// for the scoring. A row scores to the same bits in any chunk, so the scores do not depend on the split.
    /// <para>
    /// <see cref="Finish"/> never waits for a helper that has not started: on a busy thread pool (a service scoring many
    /// requests at once) a helper may start late or not at all, and the caller then scores every chunk itself. A helper
    /// that starts after its block is finished leaves at once, touching nothing.
    /// </para>
    /// </summary>
    internal sealed class ParallelBlockScoring
    {
        /// <summary>Multiply-adds of one chunk at the least (a few microseconds of work, well above the cost of handing it
        /// to another core).</summary>
        public const long MinimumWork = 250_000;

        /// <summary>
        /// Multiply-adds of a block at the least for it to be offered to helpers at all (about a hundred microseconds of one
        /// core); a smaller block is scored by the caller alone, after it has read the next one. Handing a block over is
        /// not free: waking a helper is a system call, the pool's worker spins a while after its chunk, and where the
        /// cores are two hardware threads of one physical core (as the benchmark machine's two vCPUs behave) a busy helper
        /// slows the caller's reading of the input while it runs. For a model as cheap as DevNet or PReNet behind a
        /// normalizer, whose blocks are worth tens of microseconds, that cost more than the overlap saved
        /// (docs/benchmarks.md#deployment).
        /// </summary>
        public const long HandOffWork = 2_000_000;

        /// <summary>
        /// Fewest rows in a chunk. A scorer's call has costs that its rows share: the kNN member reads its reference rows
        /// (61 KB at 30 features) from L2 once per call, the boosted trees copy the rows into lane-major panels, each member
        /// rents its scratch. At 16 rows these took a visible share of the default ensemble's scoring; at 64, a 1,024-row
        /// block still makes 16 chunks to share between the cores (the speed targets' log in docs/benchmarks.md).
        /// </summary>
        private const int MinimumRows = 64;

        private readonly IAnomalyScorer _scorer;
        private readonly long _multiplyAddsPerRow;
        private readonly int _chunkRows, _helpers;
        private readonly Action<Action> _schedule;
        private Block? _block;

        public ParallelBlockScoring(IAnomalyScorer scorer, long multiplyAddsPerRow)
            : this(scorer, multiplyAddsPerRow, Environment.ProcessorCount - 1,
                help => ThreadPool.UnsafeQueueUserWorkItem(static h => h(), help, preferLocal: false))
        {
        }

        /// <param name="scorer">The model's scorer (thread-safe).</param>
        /// <param name="multiplyAddsPerRow">The model's work per row, which sizes the chunks.</param>
        /// <param name="helpers">Helpers offered each block.</param>
        /// <param name="schedule">Runs a helper on another thread, when it can.</param>
        internal ParallelBlockScoring(IAnomalyScorer scorer, long multiplyAddsPerRow, int helpers, Action<Action> schedule)
        {
            _scorer = scorer;
            _multiplyAddsPerRow = Math.Max(1, multiplyAddsPerRow);
            _chunkRows = (int)Math.Clamp(MinimumWork / _multiplyAddsPerRow, MinimumRows, int.MaxValue);
            _helpers = Math.Max(0, helpers);
            _schedule = schedule;
        }

        /// <summary>Starts scoring rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> of
        /// <paramref name="rows"/> (row-major) into the same places of <paramref name="scores"/>, offering the chunks to the
        /// helpers when the block is worth <see cref="HandOffWork"/>. Neither may change before <see cref="Finish"/>.</summary>
        public void Start(float[] rows, float[] scores, int first, int count)
        {
            if (_block != null)
                throw new InvalidOperationException("The previous block was not finished.");
            var block = new Block(_scorer, rows, scores, first, count, _chunkRows);
            _block = block;
            int helpers = count * _multiplyAddsPerRow >= HandOffWork ? Math.Min(_helpers, block.Chunks) : 0;
            for (int h = helpers; h > 0; h--)
                _schedule(block.Help);
        }

        /// <summary>Scores the chunks no helper has taken, waits for the helpers inside a chunk, and rethrows the first
        /// failure.</summary>
        public void Finish()
        {
            Block? block = _block;
            if (block == null)
                return;
            _block = null;
            block.Finish();
        }

        /// <summary>One block's chunks: its own counters, so a helper that starts late never meets the next block.</summary>
        private sealed class Block
        {
            private readonly IAnomalyScorer _scorer;
            private readonly float[] _rows, _scores;
            private readonly int _first, _end, _chunkRows;
            private int _next, _inside, _closed;
            private ExceptionDispatchInfo? _failure;

            public Block(IAnomalyScorer scorer, float[] rows, float[] scores, int first, int count, int chunkRows)
            {
                (_scorer, _rows, _scores, _first, _end, _chunkRows) = (scorer, rows, scores, first, first + count, chunkRows);
                Chunks = (count + chunkRows - 1) / chunkRows;
            }

            public int Chunks { get; }

            /// <summary>A helper: enters unless the block is closed, scores chunks while there are any, leaves.</summary>
            public void Help()
            {
                if (Volatile.Read(ref _closed) != 0)
                    return;
                Interlocked.Increment(ref _inside);
                // Closed between the check and the count: the caller may already have seen nobody inside.
                if (Volatile.Read(ref _closed) == 0)
                    ScoreChunks();
                Interlocked.Decrement(ref _inside);
            }

            public void Finish()
            {
                ScoreChunks();
                // Close the block (a full fence), then wait for the helpers inside it, each in its last chunk at most.
                Interlocked.Exchange(ref _closed, 1);
                var spin = new SpinWait();
                while (Volatile.Read(ref _inside) != 0)
                    spin.SpinOnce(sleep1Threshold: -1);
                _failure?.Throw();
            }

            private void ScoreChunks()
            {
                int chunk;
                while ((chunk = Interlocked.Increment(ref _next) - 1) < Chunks)
                {
                    int start = _first + chunk * _chunkRows, count = Math.Min(_chunkRows, _end - start);
                    int width = _scorer.FeatureCount;
                    try
                    {
                        _scorer.ScoreBlock(_rows.AsSpan(start * width, count * width), count, _scores.AsSpan(start, count));
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
                        Interlocked.Exchange(ref _next, Chunks); // the block fails: leave the other chunks
                    }
                }
            }
        }
    }
}
