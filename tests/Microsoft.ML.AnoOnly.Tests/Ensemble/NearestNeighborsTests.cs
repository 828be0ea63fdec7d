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

        /// <summary>
        /// Brackets of rows with extreme or missing values: NaN and +infinity never enter (the rule takes a bracket only
        /// below the k-th so far, which starts at +infinity), -infinity and both zeros do, equal ones by place; fewer than k
        /// that can enter leave +infinity at place 0. The choice and the values chosen must be the plain rule's, bit for bit.
        /// </summary>
        [TestCase(512, 5, 1)]
        [TestCase(512, 5, 2)]
        [TestCase(520, 3, 3)]
        [TestCase(24, 5, 4)]
        public void SpecialValuesAreChosenAsByThePlainRule(int references, int k, int seed)
        {
            float[] specials = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.MaxValue };
            var random = new Random(seed);
            for (int trial = 0; trial < 300; trial++)
            {
                // A third of the trials almost all NaN and +infinity (fewer than k can enter, whole lanes of them), a third
                // half special values, a third nearly all ordinary ones.
                (double share, int kinds) = (trial % 3) switch { 0 => (0.97, 2), 1 => (0.5, specials.Length), _ => (0.02, specials.Length) };
                float[] brackets = Enumerable.Range(0, references)
                    .Select(_ => random.NextDouble() < share ? specials[random.Next(kinds)] : random.Next(-50, 50) * 0.5f).ToArray();
                var nearest = new float[k];
                var which = new int[k];
                SmallestBrackets.Select(brackets, nearest, which);

                var plainNearest = Enumerable.Repeat(float.PositiveInfinity, k).ToArray();
                var plainWhich = new int[k];
                for (int r = 0; r < references; r++)
                {
                    float value = brackets[r];
                    int i = k - 1;
                    if (!(value < plainNearest[i]))
                        continue;
                    for (; i > 0 && plainNearest[i - 1] > value; i--)
                        (plainNearest[i], plainWhich[i]) = (plainNearest[i - 1], plainWhich[i - 1]);
                    (plainNearest[i], plainWhich[i]) = (value, r);
                }
                Assert.That(which, Is.EqualTo(plainWhich), $"trial {trial}");
                Assert.That(nearest.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(plainNearest.Select(BitConverter.SingleToInt32Bits)), $"trial {trial}");
            }
        }
    }
}
