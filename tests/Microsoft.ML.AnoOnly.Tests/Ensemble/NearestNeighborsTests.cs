using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones.Neighbors;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Ensemble
{
    /// <summary>The kNN member's choice of the nearest reference rows: screening eight brackets at a time must pick exactly
    /// the rows the plain rule picks (the k smallest, the first of equal ones), ties and odd lengths included.</summary>
    public class NearestNeighborsTests
    {
        [TestCase(512, 5, 1000, 1)]
        [TestCase(515, 5, 64, 2)]
        [TestCase(37, 5, 4, 3)]
        [TestCase(7, 5, 1000, 4)]
        [TestCase(64, 1, 3, 5)]
        [TestCase(40, 8, 2, 6)]
        public void ScreenedSelectionPicksWhatThePlainRulePicks(int references, int k, int distinctValues, int seed)
        {
            var random = new Random(seed);
            for (int trial = 0; trial < 200; trial++)
            {
                // Few distinct values make ties common; a rising trend makes late brackets rarely enter.
                float[] brackets = Enumerable.Range(0, references)
                    .Select(i => random.Next(distinctValues) + (trial % 2 == 0 ? 0f : i * 0.01f)).ToArray();
                var nearest = new float[k];
                var which = new int[k];
                SmallestBrackets.Select(brackets, nearest, which);

                int[] expected = Enumerable.Range(0, references).OrderBy(i => brackets[i]).ThenBy(i => i).Take(k).ToArray();
                Assert.That(which.Take(Math.Min(k, references)), Is.EqualTo(expected), $"trial {trial}");
                Assert.That(nearest.Take(expected.Length), Is.EqualTo(expected.Select(i => brackets[i])), $"trial {trial}");
            }
        }

        /// <summary>The distance to a neighbour is one fixed order of additions on every processor (eight running sums, added
        /// pairwise, then the features left over), so a score has the same bits with or without 512-bit vectors.</summary>
        [Test]
        public void DistanceAddsInOneFixedOrder()
        {
            var random = new Random(7);
            for (int length = 1; length <= 40; length++)
            {
                float[] x = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                float[] r = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                var lanes = new float[8];
                int whole = length / 8 * 8;
                for (int i = 0; i < whole; i++)
                {
                    float gap = x[i] - r[i];
                    lanes[i % 8] += gap * gap;
                }
                float[] half = Enumerable.Range(0, 4).Select(l => lanes[l] + lanes[l + 4]).ToArray();
                float sum = (half[0] + half[2]) + (half[1] + half[3]);
                for (int i = whole; i < length; i++)
                {
                    float gap = x[i] - r[i];
                    sum += gap * gap;
                }
                Assert.That(BitConverter.SingleToInt32Bits(NeighborDistanceScorer.Distance(x, r)),
                    Is.EqualTo(BitConverter.SingleToInt32Bits(MathF.Sqrt(sum))), $"length {length}");
            }
        }
    }
}
