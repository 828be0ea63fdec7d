using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Sweeps;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Sweeps
{
    public class SuccessiveHalvingTunerTests
    {
        [TestCase(40, new[] { 27, 9, 3 })]
        [TestCase(13, new[] { 9, 3, 1 })]
        [TestCase(12, new[] { 9, 3 })]
        [TestCase(4, new[] { 3, 1 })]
        [TestCase(3, new[] { 3 })]
        public void BracketsFitTheTrialsLeft(int trialsLeft, int[] rungs)
            => Assert.That(SuccessiveHalvingTuner.PlanBracket(trialsLeft), Is.EqualTo(rungs));

        [Test]
        public void PromotesTheBestThirdWithTripledBudget()
        {
            var (tuner, _) = Create(seed: 1, maxTrials: 13);
            var proposals = RunWith(tuner, c => Objective(c), out _);

            Assert.That(proposals, Has.Count.EqualTo(13));
            Assert.That(proposals.Take(9).Select(p => p.Budget), Is.All.EqualTo(1.0 / 9).Within(1e-12));
            Assert.That(proposals.Skip(9).Take(3).Select(p => p.Budget), Is.All.EqualTo(1.0 / 3).Within(1e-12));
            Assert.That(proposals[12].Budget, Is.EqualTo(1.0));
            var bestThree = proposals.Take(9).OrderByDescending(p => Objective(p.Configuration)).Take(3).Select(p => p.Configuration.Key);
            Assert.That(proposals.Skip(9).Take(3).Select(p => p.Configuration.Key), Is.EqualTo(bestThree));
            Assert.That(proposals[0].Configuration["Backbone"], Is.EqualTo(AnoOnlyBackbone.DevNet), "the defaults come first");
        }

        [Test]
        public void NeverProposesMoreThanMaxTrials()
        {
            var (tuner, _) = Create(seed: 2, maxTrials: 31);
            Assert.That(RunWith(tuner, Objective, out _), Has.Count.EqualTo(31));
        }

        [Test]
        public void FailedTrialsAreNotPromoted()
        {
            var (tuner, _) = Create(seed: 2, maxTrials: 13);
            // Every configuration with the Full loss fails.
            var proposals = RunWith(tuner, c => (AnoOnlyLoss)c["Loss"] == AnoOnlyLoss.Full ? null : Objective(c), out _);
            Assert.That(proposals.Where(p => p.Rung > 0).Select(p => p.Configuration["Loss"]), Is.All.EqualTo(AnoOnlyLoss.AnomalyOnly));
        }

        [Test]
        public void TheSameSeedProposesTheSameTrials()
        {
            string Keys(int seed) => string.Join(";", RunWith(Create(seed, 40).Tuner, Objective, out _).Select(p => p.Configuration.Key + p.Budget));
            Assert.That(Keys(7), Is.EqualTo(Keys(7)));
            Assert.That(Keys(8), Is.Not.EqualTo(Keys(7)));
        }

        [Test]
        public void LaterBracketsSearchAroundTheBestFullBudgetTrials()
        {
            var (tuner, _) = Create(seed: 3, maxTrials: 80);
            var proposals = RunWith(tuner, Objective, out _);
            double bestFirstBracket = proposals.Where(p => p.Bracket == 0 && p.Budget >= 1).Max(p => Objective(p.Configuration)!.Value);
            var secondBracket = proposals.Where(p => p.Bracket == 1 && p.Rung == 0).ToList();
            Assert.That(secondBracket, Has.Count.EqualTo(27));
            // The perturbed half scores better on average than the Latin hypercube half on a smooth objective.
            double local = secondBracket.Take(13).Average(p => Objective(p.Configuration)!.Value);
            double fresh = secondBracket.Skip(13).Average(p => Objective(p.Configuration)!.Value);
            Assert.That(local, Is.GreaterThan(fresh));
            Assert.That(bestFirstBracket, Is.GreaterThan(-1));
        }

        [Test]
        public void BeatsRandomSearchAtTheSameCostOnANoisyObjective()
        {
            // Simulated trials: a trial with budget b costs b, and its metric is the configuration's true value,
            // lowered by training for less and blurred by noise. Successive halving with 40 trials costs about
            // 10 (27/9 + 9/3 + 3 + 1), as much as random search with 10 trials. Compare the true value of the
            // configuration each picks (the best full-budget metric), over 30 seeds.
            double shTotal = 0, randomTotal = 0, shCost = 0, randomCost = 0;
            for (int seed = 1; seed <= 30; seed++)
            {
                var noise = new Random(1000 + seed);
                double? Measure(TrialCandidate c) => Objective(c.Configuration) - 0.3 * (1 - c.Budget) + 0.05 * Gaussian(noise);
                var sh = Pick(Create(seed, 40).Tuner, 40, Measure);
                OptionsSearchSpace space = Create(seed, 1).Space;
                var random = Pick(new RandomSearchTuner(new ConfigurationSampler(space, new Random(seed))), 10, Measure);
                shTotal += Objective(sh.Best)!.Value;
                randomTotal += Objective(random.Best)!.Value;
                shCost += sh.Cost;
                randomCost += random.Cost;
            }
            Assert.That(shCost, Is.LessThanOrEqualTo(randomCost * 1.05), "no more compute than random search");
            Assert.That(shTotal / 30, Is.GreaterThan(randomTotal / 30));
            TestContext.Out.WriteLine($"mean true value: successive halving {shTotal / 30:F3}, random search {randomTotal / 30:F3}; " +
                $"cost {shCost / 30:F1} vs {randomCost / 30:F1}");
        }

        private static (SweepConfiguration Best, double Cost) Pick(ISweepTuner tuner, int maxTrials, Func<TrialCandidate, double?> measure)
        {
            SweepConfiguration? best = null;
            double bestMetric = double.NegativeInfinity, cost = 0;
            for (int i = 0; i < maxTrials && tuner.Propose() is TrialCandidate candidate; i++)
            {
                double? metric = measure(candidate);
                tuner.Complete(candidate, metric);
                cost += candidate.Budget;
                if (candidate.Budget >= 1 && metric > bestMetric)
                    (best, bestMetric) = (candidate.Configuration, metric.Value);
            }
            return (best!, cost);
        }

        private static double Gaussian(Random random)
            => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        /// <summary>A smooth objective peaking at learning rate 1e-3 with many epochs.</summary>
        private static double? Objective(SweepConfiguration configuration)
        {
            double rate = Math.Log10((double)configuration["LearningRate"]);
            double epochs = Math.Log10((int)configuration["NumberOfEpochs"]);
            return -Math.Pow(rate + 3, 2) - Math.Pow(epochs - 2, 2);
        }

        private static (SuccessiveHalvingTuner Tuner, OptionsSearchSpace Space) Create(int seed, int maxTrials)
        {
            OptionsSearchSpace space = OptionsSearchSpace.ForTrainerOptions().Restrict("Backbone", b => (AnoOnlyBackbone)b == AnoOnlyBackbone.DevNet);
            return (new SuccessiveHalvingTuner(new ConfigurationSampler(space, new Random(seed)), maxTrials), space);
        }

        private static List<TrialCandidate> RunWith(ISweepTuner tuner, Func<SweepConfiguration, double?> objective, out int count)
        {
            var proposals = new List<TrialCandidate>();
            while (tuner.Propose() is TrialCandidate candidate)
            {
                proposals.Add(candidate);
                tuner.Complete(candidate, objective(candidate.Configuration));
                if (proposals.Count > 10_000)
                    throw new InvalidOperationException("The tuner does not stop.");
            }
            count = proposals.Count;
            return proposals;
        }
    }
}
