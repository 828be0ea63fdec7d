using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Tests.Deployment;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Scoring
{
    /// <summary>
    /// A block shared with helpers on other cores: the caller must never wait for a helper that has not started (on a busy
    /// thread pool that wait could last seconds, or for ever when every pool thread is a caller waiting), and a helper that
    /// starts after its block is finished must touch nothing.
    /// </summary>
    public class ParallelBlockScoringTests
    {
        [Test]
        public void AHelperThatNeverStartsHoldsNothingUpAndALateOneTouchesNothing()
        {
            var ml = new MLContext(seed: 1);
            IAnomalyScorer scorer = FixtureModels.Load(ml, "deepsad-full").LastTransformer.Scorer;
            float[][] rows = FixtureModels.ManyRows(ml, 300);
            float[] flat = rows.SelectMany(r => r).ToArray();
            var expected = new float[rows.Length];
            scorer.ScoreBlock(flat, rows.Length, expected);

            var held = new List<Action>();
            var scoring = new ParallelBlockScoring(scorer, multiplyAddsPerRow: 100_000, helpers: 3, schedule: held.Add);
            var scores = new float[rows.Length];
            scoring.Start(flat, scores, 0, rows.Length);
            Assert.That(held, Has.Count.EqualTo(3), "helpers offered");
            // None of them runs: the caller scores every chunk, and does not wait for them.
            Assert.That(System.Threading.Tasks.Task.Run(scoring.Finish).Wait(TimeSpan.FromSeconds(30)), "Finish returned");
            Assert.That(scores, Is.EqualTo(expected));

            Array.Fill(scores, float.NaN);
            foreach (Action late in held)
                late();
            Assert.That(scores.All(float.IsNaN), "a helper of a finished block scores nothing");
        }
    }
}
