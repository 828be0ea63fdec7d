using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.AnoOnly.Review
{
    /// <summary>The review strategies (<see cref="AnoOnlyReviewStrategy"/>), on scores and features already read.</summary>
    internal static class ReviewSelection
    {
        /// <summary>
        /// <see cref="AnoOnlyReviewStrategy.TopDiverse"/> spreads half of its picks over the top this many times the rows
        /// asked for (500 rows for 20 reviews): far enough down the ranking to reach kinds of anomalies the top rows do not
        /// show, near enough to the top that most picks are still likely anomalies.
        /// </summary>
        internal const int DiversePoolFactor = 25;

        public static int[] Select(ScoredRows rows, int count, AnoOnlyReviewStrategy strategy, Random random)
        {
            count = Math.Min(count, rows.Count);
            return strategy switch
            {
                AnoOnlyReviewStrategy.TopScored => Ranking(rows.Scores)[..count],
                AnoOnlyReviewStrategy.Random => RandomRows(rows.Count, count, random),
                AnoOnlyReviewStrategy.TopDiverse => TopThenDiverse(rows, count, random),
                _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown review strategy."),
            };
        }

        /// <summary>Row positions by score, highest first; equal scores in the view's order.</summary>
        public static int[] Ranking(float[] scores)
        {
            int[] order = Enumerable.Range(0, scores.Length).ToArray();
            Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]) is int c && c != 0 ? c : a.CompareTo(b));
            return order;
        }

        /// <summary>The top half (rounded up) by score, then the rest spread over the next rows of the ranking, up to
        /// <see cref="DiversePoolFactor"/> times <paramref name="count"/> rows from the top.</summary>
        private static int[] TopThenDiverse(ScoredRows rows, int count, Random random)
        {
            int[] ranking = Ranking(rows.Scores);
            int top = count - count / 2;
            int[] pool = ranking[top..Math.Min(ranking.Length, DiversePoolFactor * count)];
            return ranking[..top].Concat(SpreadSampling.Draw(rows, pool, ranking[..top], count - top, random)).ToArray();
        }

        /// <summary>A partial Fisher-Yates shuffle: <paramref name="count"/> distinct rows, each subset equally likely.</summary>
        private static int[] RandomRows(int rows, int count, Random random)
        {
            int[] order = Enumerable.Range(0, rows).ToArray();
            for (int i = 0; i < count; i++)
            {
                int j = i + random.Next(rows - i);
                (order[i], order[j]) = (order[j], order[i]);
            }
            return order[..count];
        }
    }
}
