using System;
using System.Threading.Tasks;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// Scores a block of rows on every core when the block is worth it. ML.NET's own transforms (RandomizedPca's among
    /// them) score through parallel cursors on all cores; a model that does tens of thousands of multiply-adds per row
    /// (the ensemble, FEAWAD) would otherwise score on one. Each part of the block is scored as it would be alone, and a
    /// row scores to the same bits in any block, so the scores do not depend on the split. Cheap blocks stay on the
    /// calling thread: handing a few microseconds of work to another core costs more than it saves.
    /// </summary>
    internal static class ParallelBlocks
    {
        /// <summary>Multiply-adds below which a block is scored on the calling thread (about 15 microseconds of work).</summary>
        public const long MinimumWork = 250_000;

        /// <summary>Fewest rows each core gets.</summary>
        private const int MinimumRowsPerPart = 8;

        public static void Score(IAnomalyScorer scorer, long multiplyAddsPerRow, float[] rows, int count, float[] scores)
        {
            int parts = Math.Min(Environment.ProcessorCount, count / MinimumRowsPerPart);
            if (parts < 2 || multiplyAddsPerRow * count < MinimumWork)
            {
                scorer.ScoreBlock(rows, count, scores);
                return;
            }
            int width = scorer.FeatureCount;
            int perPart = (count + parts - 1) / parts;
            Parallel.For(0, parts, part =>
            {
                int start = part * perPart, n = Math.Min(perPart, count - start);
                if (n > 0)
                    scorer.ScoreBlock(rows.AsSpan(start * width, n * width), n, scores.AsSpan(start, n));
            });
        }
    }
}
