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
    }
}
