using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// Scores a block of rows in chunks shared between the calling thread and helpers on the machine's other cores.
    /// <see cref="Start"/> hands the chunks to the helpers and returns at once, so the caller can read the next block of
    /// its input meanwhile; <see cref="Finish"/> then takes the chunks left, waits for the helpers and rethrows a failure
    /// of the scorer. ML.NET's own transforms (RandomizedPca's among them) score through parallel cursors on all cores; a
    /// model of tens of thousands of multiply-adds per row (the ensemble, FEAWAD) would otherwise score on one, and the
    /// reading of its input would wait for the scoring. A row scores to the same bits in any chunk, so the scores do not
    /// depend on the split. One instance serves one cursor: one block at a time.
    /// </summary>
    internal sealed class ParallelBlockScoring : IDisposable
    {
        /// <summary>Multiply-adds of one chunk at the least (a few microseconds of work, well above the cost of handing it
        /// to another core).</summary>
        public const long MinimumWork = 250_000;

        /// <summary>Fewest rows in a chunk: the kernels work in tiles of four rows.</summary>
        private const int MinimumRows = 16;

        private readonly IAnomalyScorer _scorer;
        private readonly int _width, _chunkRows, _helpers;
        private readonly ManualResetEventSlim _helpersDone = new(true);
        private float[] _rows = Array.Empty<float>(), _scores = Array.Empty<float>();
        private int _first, _end, _chunks, _next, _working;
        private bool _started;
        private ExceptionDispatchInfo? _failure;

        public ParallelBlockScoring(IAnomalyScorer scorer, long multiplyAddsPerRow)
        {
            _scorer = scorer;
            _width = scorer.FeatureCount;
            _chunkRows = (int)Math.Clamp(MinimumWork / Math.Max(1, multiplyAddsPerRow), MinimumRows, int.MaxValue);
            _helpers = Environment.ProcessorCount - 1;
        }

        /// <summary>Starts scoring rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> of
        /// <paramref name="rows"/> (row-major) into the same places of <paramref name="scores"/>. Neither may change before
        /// <see cref="Finish"/>.</summary>
        public void Start(float[] rows, float[] scores, int first, int count)
        {
            if (_started)
                throw new InvalidOperationException("The previous block was not finished.");
            (_rows, _scores, _first, _end) = (rows, scores, first, first + count);
            _chunks = (count + _chunkRows - 1) / _chunkRows;
            _next = 0;
            _failure = null;
            _started = true;
            int helpers = Math.Min(_helpers, _chunks);
            if (helpers == 0)
                return;
            _working = helpers;
            _helpersDone.Reset();
            for (int h = 0; h < helpers; h++)
                ThreadPool.UnsafeQueueUserWorkItem(static scoring => scoring.Help(), this, preferLocal: false);
        }

        /// <summary>Scores the chunks no helper has taken, waits for the helpers, and rethrows the first failure.</summary>
        public void Finish()
        {
            if (!_started)
                return;
            _started = false;
            ScoreChunks();
            _helpersDone.Wait();
            _failure?.Throw();
        }

        /// <summary>Waits for any helper still at work, and releases the wait handle.</summary>
        public void Dispose()
        {
            Interlocked.Exchange(ref _next, int.MaxValue / 2);
            _helpersDone.Wait();
            _helpersDone.Dispose();
        }

        private void Help()
        {
            ScoreChunks();
            if (Interlocked.Decrement(ref _working) == 0)
                _helpersDone.Set();
        }

        private void ScoreChunks()
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref _next) - 1) < _chunks)
            {
                int start = _first + chunk * _chunkRows, count = Math.Min(_chunkRows, _end - start);
                try
                {
                    _scorer.ScoreBlock(_rows.AsSpan(start * _width, count * _width), count, _scores.AsSpan(start, count));
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
                    Interlocked.Exchange(ref _next, _chunks); // the block fails: leave the other chunks
                }
            }
        }
    }
}
