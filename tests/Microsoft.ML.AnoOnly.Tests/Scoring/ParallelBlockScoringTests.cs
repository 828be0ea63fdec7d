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
            (IAnomalyScorer scorer, float[] flat, float[] expected) = Block("deepsad-full", 300);
            var held = new List<Action>();
            var scoring = new ParallelBlockScoring(scorer, multiplyAddsPerRow: 100_000, helpers: 3, schedule: held.Add);
            var scores = new float[expected.Length];
            scoring.Start(flat, scores, 0, scores.Length);
            Assert.That(held, Has.Count.EqualTo(3), "helpers offered");
            // None of them runs: the caller scores every chunk, and does not wait for them.
            Assert.That(System.Threading.Tasks.Task.Run(scoring.Finish).Wait(TimeSpan.FromSeconds(30)), "Finish returned");
            Assert.That(scores, Is.EqualTo(expected));

            Array.Fill(scores, float.NaN);
            foreach (Action late in held)
                late();
            Assert.That(scores.All(float.IsNaN), "a helper of a finished block scores nothing");
        }

        /// <summary>A block worth less than <see cref="ParallelBlockScoring.HandOffWork"/> (DevNet's and PReNet's blocks) is
        /// scored by the caller alone: no helper is woken for it, and its scores are the same.</summary>
        [Test]
        public void ACheapBlockIsScoredByTheCallerWithoutWakingHelpers()
        {
            // 1,000 rows divide the hand-off work, so the second model below sits exactly on it.
            (IAnomalyScorer scorer, float[] flat, float[] expected) = Block("devnet-anomalyonly", 1000);
            long perRow = ParallelBlockScoring.HandOffWork / expected.Length - 1; // the most below it
            var held = new List<Action>();
            var scoring = new ParallelBlockScoring(scorer, perRow, helpers: 3, schedule: held.Add);
            var scores = new float[expected.Length];
            scoring.Start(flat, scores, 0, scores.Length);
            Assert.That(held, Is.Empty, "helpers offered a block below the hand-off work");
            scoring.Finish();
            Assert.That(scores, Is.EqualTo(expected));

            // One multiply-add a row more and the block is worth exactly the hand-off work: handed over.
            var worth = new ParallelBlockScoring(scorer, perRow + 1, helpers: 3, schedule: held.Add);
            worth.Start(flat, scores, 0, scores.Length);
            worth.Finish();
            Assert.That(held, Is.Not.Empty, "helpers offered a block of the hand-off work");
        }

        /// <summary>A fixture model's scorer, <paramref name="count"/> rows of its test data as one row-major block, and
        /// their scores from one call.</summary>
        private static (IAnomalyScorer Scorer, float[] Rows, float[] Scores) Block(string model, int count)
        {
            var ml = new MLContext(seed: 1);
            IAnomalyScorer scorer = FixtureModels.Load(ml, model).LastTransformer.Scorer;
            float[] rows = FixtureModels.ManyRows(ml, count).SelectMany(r => r).ToArray();
            var scores = new float[count];
            scorer.ScoreBlock(rows, count, scores);
            return (scorer, rows, scores);
        }
    }
}
