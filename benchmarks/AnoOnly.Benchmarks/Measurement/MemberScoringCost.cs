using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Scoring;

namespace AnoOnly.Benchmarks.Measurement
{
    /// <summary>One member's share of a model's scoring, and how many of its saved parameters are subnormal (a network
    /// layer scores those as zero; they used to cost a microcode assist per multiply-add, see Scoring/DenseLayer.cs).</summary>
    internal sealed record MemberCost(AnoOnlyMemberInfo Member, double NanosecondsPerRow, int SubnormalParameters);

    /// <summary>
    /// Where a model of several members spends its scoring: each member's own block scorer timed alone, on one thread, over
    /// the same block of rows. <c>Transform</c> runs these same scorers on every core, so their sum, halved on two cores,
    /// is the floor of what a row costs there; the shares say which member a faster default would have to make cheaper.
    /// </summary>
    internal static class MemberScoringCost
    {
        private const int BlockRows = 1_024, Repeats = 5;
        private const double SecondsEach = 0.2;

        /// <summary>Each member's nanoseconds per row (best of <see cref="Repeats"/>), or none for a model of one member.</summary>
        public static IReadOnlyList<MemberCost> Measure(AnoOnlyTransformer model, IReadOnlyList<float[]> rows)
        {
            if (model.Scorer is not ModelScorer scorer || scorer.Members.Count < 2)
                return Array.Empty<MemberCost>();
            int width = model.FeatureCount, count = Math.Min(BlockRows, rows.Count);
            var block = new float[count * width];
            for (int r = 0; r < count; r++)
                rows[r].AsSpan(0, width).CopyTo(block.AsSpan(r * width));
            var scores = new float[count];
            return scorer.Members.Select((member, m) => new MemberCost(model.Members[m], Nanoseconds(member, block, count, scores),
                model.State.Members[m].Tensors.Values.Sum(t => t.Data.Count(float.IsSubnormal)))).ToList();
        }

        private static double Nanoseconds(IAnomalyScorer member, float[] block, int count, float[] scores)
        {
            member.ScoreBlock(block, count, scores); // compiles the path
            double best = double.MaxValue;
            for (int repeat = 0; repeat < Repeats; repeat++)
            {
                long blocks = 0;
                var watch = Stopwatch.StartNew();
                do
                {
                    member.ScoreBlock(block, count, scores);
                    blocks++;
                }
                while (watch.Elapsed.TotalSeconds < SecondsEach);
                best = Math.Min(best, watch.Elapsed.TotalSeconds * 1e9 / (blocks * count));
            }
            return best;
        }
    }
}
