using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Sweeps
{
    /// <summary>The sweep's rule for leaving the default: a gain that holds fold by fold, larger than the best of that many
    /// trials would show by chance.</summary>
    public class KeepTheDefaultTests
    {
        private static AnoOnlyTrialResult Trial(int id, params double[] folds)
            => new(id, new AnoOnlyTrainer.Options(), new Dictionary<string, object>(), 1.0, AnoOnlyMetric.AreaUnderRocCurve, folds,
                TimeSpan.Zero, TimeSpan.Zero, AnoOnlyTrialStatus.Succeeded, null);

        private static readonly AnoOnlyTrialResult Default = Trial(1, 0.90, 0.90, 0.90);

        [Test]
        public void AGainThatHoldsInEveryFoldIsClearWhateverTheNumberOfTrials()
        {
            AnoOnlyTrialResult steady = Trial(2, 0.93, 0.92, 0.94);
            Assert.That(AnoOnlyExperiment.ClearlyBetter(steady, Default, challengers: 1));
            Assert.That(AnoOnlyExperiment.ClearlyBetter(steady, Default, challengers: 40));
        }

        [Test]
        public void ANoisyGainIsEnoughForOneTrialButNotForTheBestOfForty()
        {
            // Gains 0.025, 0, 0.035: mean 0.020, standard deviation 0.018. Above σ, but below σ √(2 ln 40) / √3 ≈ 0.028.
            AnoOnlyTrialResult noisy = Trial(2, 0.925, 0.90, 0.935);
            Assert.That(AnoOnlyExperiment.ClearlyBetter(noisy, Default, challengers: 1));
            Assert.That(AnoOnlyExperiment.ClearlyBetter(noisy, Default, challengers: 40), Is.False);
        }

        [Test]
        public void AGainWithinTheFoldsSpreadOrBelowTheMinimumIsNotClear()
        {
            Assert.That(AnoOnlyExperiment.ClearlyBetter(Trial(2, 0.95, 0.88, 0.90), Default), Is.False, "mean 0.01, spread 0.036");
            Assert.That(AnoOnlyExperiment.ClearlyBetter(Trial(2, 0.903, 0.904, 0.902), Default), Is.False, "below the minimum gain");
        }
    }
}
