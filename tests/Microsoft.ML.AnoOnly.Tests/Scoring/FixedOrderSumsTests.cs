using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones.Neighbors;
using Microsoft.ML.AnoOnly.Scoring;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Scoring
{
    /// <summary>The scorers' sums of squares are one fixed order of additions on every processor (eight running sums,
    /// added pairwise, then the values left over), so a score has the same bits with or without 512-bit vectors.</summary>
    public class FixedOrderSumsTests
    {
        [Test]
        public void SumsAddInOneFixedOrder()
        {
            var random = new Random(7);
            for (int length = 0; length <= 40; length++)
            {
                float[] x = Values(random, length), r = Values(random, length);
                float[] gaps = x.Zip(r, (a, b) => a - b).ToArray();
                Assert.That(Bits(FixedOrderSums.SumOfSquaredGaps(x, r)), Is.EqualTo(Bits(InTheFixedOrder(gaps))), $"gaps, length {length}");
                Assert.That(Bits(FixedOrderSums.SumOfSquares(x)), Is.EqualTo(Bits(InTheFixedOrder(x))), $"squares, length {length}");
                Assert.That(Bits(NeighborDistanceScorer.Distance(x, r)), Is.EqualTo(Bits(MathF.Sqrt(InTheFixedOrder(gaps)))), $"kNN, length {length}");
            }
        }

        /// <summary>The documented order, written out: lane i % 8 of the whole vectors, the lanes folded (l, l + 4), then
        /// (0 + 2) + (1 + 3), then the rest one by one.</summary>
        private static float InTheFixedOrder(float[] values)
        {
            var lanes = new float[8];
            int whole = values.Length / 8 * 8;
            for (int i = 0; i < whole; i++)
                lanes[i % 8] += values[i] * values[i];
            float[] half = Enumerable.Range(0, 4).Select(l => lanes[l] + lanes[l + 4]).ToArray();
            float sum = (half[0] + half[2]) + (half[1] + half[3]);
            for (int i = whole; i < values.Length; i++)
                sum += values[i] * values[i];
            return sum;
        }

        private static float[] Values(Random random, int length)
            => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

        private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);
    }
}
