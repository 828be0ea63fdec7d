using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.AnoOnly.Review
{
    /// <summary>
    /// Picks spread in feature space, as k-means++ chooses its first centres: each pick is drawn from the candidates with
    /// probability proportional to its squared Euclidean distance to the nearest row already chosen. Rows like those
    /// already chosen are rarely drawn again, and the draw (unlike taking the farthest row) does not favour the few most
    /// extreme rows.
    /// </summary>
    internal static class SpreadSampling
    {
        /// <param name="rows">The scored rows, for their features.</param>
        /// <param name="candidates">Positions of the rows to draw from.</param>
        /// <param name="chosen">Positions of rows already chosen, that the picks should lie away from.</param>
        /// <param name="count">How many to draw (at most the candidates).</param>
        /// <param name="random">The draws.</param>
        /// <returns>Distinct positions from <paramref name="candidates"/>, in the order drawn.</returns>
        public static IReadOnlyList<int> Draw(ScoredRows rows, int[] candidates, int[] chosen, int count, Random random)
        {
            count = Math.Min(count, candidates.Length);
            if (count == 0)
                return Array.Empty<int>();
            float[][] features = rows.Features(candidates.Concat(chosen).ToArray());
            var nearest = new double[candidates.Length];
            Array.Fill(nearest, double.PositiveInfinity);
            for (int c = candidates.Length; c < features.Length; c++)
                MoveCloser(nearest, features, features[c]);
            var taken = new bool[candidates.Length];
            var picks = new List<int>(count);
            for (int k = 0; k < count; k++)
            {
                // With nothing chosen yet every distance is infinite: the first pick is the first (highest-scored) candidate.
                int pick = double.IsPositiveInfinity(nearest[0]) ? 0 : DrawByWeight(nearest, taken, random);
                taken[pick] = true;
                picks.Add(candidates[pick]);
                MoveCloser(nearest, features, features[pick]);
            }
            return picks;
        }

        /// <summary>Lowers each candidate's squared distance to the nearest chosen row by the distance to <paramref name="chosen"/>.</summary>
        private static void MoveCloser(double[] nearest, float[][] features, float[] chosen)
        {
            for (int i = 0; i < nearest.Length; i++)
            {
                double distance = 0;
                float[] candidate = features[i];
                for (int j = 0; j < chosen.Length; j++)
                {
                    double difference = candidate[j] - chosen[j];
                    distance += difference * difference;
                }
                nearest[i] = Math.Min(nearest[i], distance);
            }
        }

        /// <summary>A candidate not taken yet, drawn with probability proportional to its weight; the first one not taken
        /// when every weight is 0 (all candidates coincide with chosen rows).</summary>
        private static int DrawByWeight(double[] weights, bool[] taken, Random random)
        {
            double total = 0;
            for (int i = 0; i < weights.Length; i++)
                total += taken[i] ? 0 : weights[i];
            int last = Array.FindIndex(taken, t => !t);
            if (!(total > 0))
                return last;
            double u = random.NextDouble() * total;
            for (int i = 0; i < weights.Length; i++)
            {
                if (taken[i])
                    continue;
                last = i;
                u -= weights[i];
                if (u < 0)
                    return i;
            }
            return last;
        }
    }
}
