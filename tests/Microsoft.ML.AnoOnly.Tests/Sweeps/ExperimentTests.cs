using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Sweeps;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Sweeps
{
    public class ExperimentTests
    {
        /// <summary>Tiny trials: 2 folds, 3 batches per epoch, on 300 synthetic rows with 3 labeled anomalies.</summary>
        private static AnoOnlyExperimentSettings Tiny(int maxTrials, int seed = 1) => new()
        {
            MaxTrials = maxTrials,
            NumberOfFolds = 2,
            Seed = seed,
            Metric = AnoOnlyMetric.AreaUnderRocCurve,
            TrainerOptions = new AnoOnlyTrainer.Options { BatchesPerEpoch = 3 },
        };

        /// <summary>An experiment whose ranges are narrowed so that each fit takes a few dozen steps.</summary>
        private static AnoOnlyExperiment Create(MLContext ml, AnoOnlyExperimentSettings settings)
        {
            AnoOnlyExperiment experiment = ml.AnomalyDetection.CreateAnoOnlyExperiment(settings);
            experiment.SearchSpaceOverride = space => space
                .Narrow(nameof(AnoOnlyTrainer.Options.NumberOfEpochs), 3, 8)
                .Narrow(nameof(AnoOnlyTrainer.Options.BatchSize), 16, 64)
                .Narrow(nameof(AnoOnlyTrainer.Options.LearningRate), 1e-3, 1e-2);
            return experiment;
        }

        [Test]
        public void TheSameSeedGivesTheSameTrialsAndModel()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, _) = TestData.SyntheticSplit(ml, rows: 300);
            AnoOnlyExperimentResult first = Create(ml, Tiny(4)).Run(train);
            AnoOnlyExperimentResult second = Create(ml, Tiny(4)).Run(train);
            TestContext.Out.WriteLine(first);

            Assert.That(second.Trials.Select(t => t.ToString().Split(" in ")[0]), Is.EqualTo(first.Trials.Select(t => t.ToString().Split(" in ")[0])));
            Assert.That(second.Trials.SelectMany(t => t.FoldMetrics), Is.EqualTo(first.Trials.SelectMany(t => t.FoldMetrics)));
            Assert.That(Scores(ml, second.BestModel, test), Is.EqualTo(Scores(ml, first.BestModel, test)));
        }

        [Test]
        public void RunsMaxTrialsAndRefitsTheBestOnAllRows()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, split) = TestData.SyntheticSplit(ml, rows: 300);
            var reported = new List<AnoOnlyTrialResult>();
            AnoOnlyExperimentResult result = Create(ml, Tiny(5)).Run(train, new SyncProgress(reported.Add));

            Assert.That(result.Trials, Has.Count.EqualTo(5));
            Assert.That(reported.Select(t => t.TrialId), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }), "progress reports each trial in order");
            Assert.That(result.StopReason, Is.EqualTo(AnoOnlyExperimentStopReason.MaxTrials));
            Assert.That(result.NumberOfFolds, Is.EqualTo(2));
            Assert.That(result.Trials.Where(t => t.Status == AnoOnlyTrialStatus.Succeeded).SelectMany(t => t.FoldMetrics),
                Is.All.InRange(0.0, 1.0));
            Assert.That(result.BestTrial.Budget, Is.EqualTo(1.0), "chosen among the trials trained with all their epochs");
            Assert.That(result.DefaultTrial!.TrialId, Is.EqualTo(1));
            Assert.That(result.DefaultTrial.Options.Backbone, Is.EqualTo(AnoOnlyBackbone.Ensemble));
            Assert.That(result.KeptDefault || AnoOnlyExperiment.ClearlyBetter(result.BestTrial, result.DefaultTrial),
                "the default is kept unless a configuration is clearly better");
            Assert.That(result.BestModel.Backbone, Is.EqualTo(AnoOnlyBackbone.Ensemble), "the default, or the default joined by the winner");
            Assert.That(result.BestOptions.FeatureColumnName, Is.EqualTo("Features"));
            double auc = Evaluation.AnomalyMetrics.AreaUnderRocCurve(Scores(ml, result.BestModel, test), split.Test.IsAnomaly);
            Assert.That(auc, Is.GreaterThan(0.8), "the refit model detects the synthetic anomalies");
        }

        [Test]
        public void CancellingReturnsTheBestTrialSoFar()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, _) = TestData.SyntheticSplit(ml, rows: 300);
            using var cancel = new CancellationTokenSource();
            var progress = new SyncProgress(t => { if (t.TrialId == 2) cancel.Cancel(); });
            AnoOnlyExperimentResult result = Create(ml, Tiny(20)).Run(train, progress, cancel.Token);

            Assert.That(result.Trials, Has.Count.EqualTo(2));
            Assert.That(result.StopReason, Is.EqualTo(AnoOnlyExperimentStopReason.Cancelled));
            Assert.That(Scores(ml, result.BestModel, test), Is.All.Not.NaN, "the refit model is usable");
        }

        [Test]
        public void CancellingBeforeAnyTrialIsAClearError()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml, rows: 300);
            var experiment = Create(ml, Tiny(5));
            experiment.EvaluatorOverride = _ => (options, token) => { token.WaitHandle.WaitOne(); token.ThrowIfCancellationRequested(); return new[] { 0.5 }; };
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            Assert.That(() => experiment.Run(train, null, cancel.Token),
                Throws.InstanceOf<OperationCanceledException>().With.Message.Contains("before any trial finished"));
        }

        [Test]
        public void StopsStartingTrialsWhenMaxDurationHasPassed()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml, rows: 300);
            AnoOnlyExperimentSettings settings = Tiny(1000);
            settings.MaxDuration = TimeSpan.FromSeconds(1);
            var experiment = Create(ml, settings);
            experiment.EvaluatorOverride = _ => (options, token) => { Thread.Sleep(50); return new[] { options.LearningRate!.Value, 0.5 }; };
            AnoOnlyExperimentResult result = experiment.Run(train);

            Assert.That(result.StopReason, Is.EqualTo(AnoOnlyExperimentStopReason.MaxDuration));
            Assert.That(result.Trials.Count, Is.InRange(1, 999));
            Assert.That(result.Trials.Select(t => t.StartedAfter), Is.All.LessThan(settings.MaxDuration.Value), "no trial starts after the limit");
            Assert.That(result.TrialsDuration, Is.LessThan(TimeSpan.FromSeconds(30)), "generous bound: the limit stops the loop");
        }

        [Test]
        public void FailedTrialsRankLastAndEveryRegisteredBackboneIsSearched()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml, rows: 300);
            var log = new List<string>();
            ml.Log += (_, e) => { if (e.Message.Contains("AnoOnly sweep")) log.Add(e.Message); };
            AnoOnlyExperimentSettings settings = Tiny(13);
            settings.Tuner = AnoOnlyTuner.RandomSearch;
            var experiment = Create(ml, settings);
            // DeepSAD diverges; the others score by their learning rate.
            experiment.EvaluatorOverride = _ => (options, token) => options.Backbone switch
            {
                AnoOnlyBackbone.DeepSad => throw new AnoOnlyTrainingException("DeepSad diverged."),
                _ => new[] { 0.5 + (options.LearningRate ?? 0), 0.5 },
            };
            AnoOnlyExperimentResult result = experiment.Run(train);

            Assert.That(result.Trials.Select(t => t.Options.Backbone).Distinct(),
                Is.EquivalentTo(AnoOnlyBackboneInfo.All.Select(b => b.Backbone)), "the default (the ensemble) and every registered backbone");
            Assert.That(result.Trials.Where(t => t.Options.Backbone == AnoOnlyBackbone.DeepSad).Select(t => t.Status),
                Is.Not.Empty.And.All.EqualTo(AnoOnlyTrialStatus.Failed));
            string[] table = result.ToLeaderboard().TrimEnd().Split('\n');
            int failed = result.Trials.Count(t => t.Status != AnoOnlyTrialStatus.Succeeded);
            Assert.That(table.TakeLast(failed), Has.All.Contains("DeepSad"), "failed trials rank last");
            Assert.That(result.BestTrial.Options.Backbone, Is.Not.EqualTo(AnoOnlyBackbone.DeepSad));
            Assert.That(log.Count(l => l.Contains("AnoOnly sweep: Trial ")), Is.EqualTo(13), "MLContext.Log gets every trial");
        }

        [Test]
        public void LeaderboardPrintsAndSavesAsCsv()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml, rows: 300);
            var experiment = ml.AnomalyDetection.CreateAnoOnlyExperiment(Tiny(6));
            // The default trial (the ensemble; no learning rate of its own) scores 0.5 in both folds.
            experiment.EvaluatorOverride = _ => (options, token) => options.LearningRate is double rate ? new[] { rate * 10, 0.1 } : new[] { 0.5, 0.5 };
            AnoOnlyExperimentResult result = experiment.Run(train);

            string[] table = result.ToLeaderboard().TrimEnd().Split('\n');
            Assert.That(table[0], Does.StartWith("rank  trial  Backbone"));
            Assert.That(table, Has.Length.EqualTo(2 + 6));
            Assert.That(result.ToString(), Does.Contain("6 trials").And.Contain(table[2].TrimEnd()));

            string path = Path.Combine(Path.GetTempPath(), $"anoonly-sweep-{Guid.NewGuid():N}.csv");
            try
            {
                result.SaveCsv(path);
                string[] lines = File.ReadAllLines(path);
                Assert.That(lines[0], Is.EqualTo(
                    "trial,status,Backbone,BatchSize,LearningRate,Loss,NumberOfEpochs,epochs_trained,budget,metric,mean,std,fold_metrics,started_s,seconds,error"));
                Assert.That(lines, Has.Length.EqualTo(7));
                Assert.That(lines[1], Does.StartWith("1,Succeeded,Ensemble,,,,,,1,AUC-ROC,0.5,0,"), "trial 1 is the default");
                Assert.That(lines[2], Does.StartWith("2,Succeeded,DevNet,64,0.0002,AnomalyOnly,50,17,0.3333333333333333,AUC-ROC,"));
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>A small sweep of 8 trials over 3 folds of 300 synthetic rows, for the tests that stand in for its folds.</summary>
        private static (MLContext Ml, IDataView Train, AnoOnlyExperimentSettings Settings) ThreeFoldSweep()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml, rows: 300);
            AnoOnlyExperimentSettings settings = Tiny(8);
            settings.NumberOfFolds = 3;
            return (ml, train, settings);
        }

        [Test]
        public void TheDefaultIsKeptUnlessAnotherConfigurationIsBetterInEveryFold()
        {
            var (ml, train, settings) = ThreeFoldSweep();

            // A challenger with a higher mean that comes from one lucky fold: not clear evidence.
            var noisy = Create(ml, settings);
            noisy.EvaluatorOverride = _ => (options, token) => options.Backbone == AnoOnlyBackbone.Ensemble
                ? new[] { 0.80, 0.80, 0.80 }
                : new[] { 0.70, 0.78, 0.99 };
            AnoOnlyExperimentResult kept = noisy.Run(train);
            Assert.That(kept.KeptDefault, "a higher mean within the folds' spread keeps the default");
            Assert.That(kept.BestModel.Backbone, Is.EqualTo(AnoOnlyBackbone.Ensemble));

            // A challenger better in every fold: clear evidence.
            var steady = Create(ml, settings);
            steady.EvaluatorOverride = _ => (options, token) => options.Backbone == AnoOnlyBackbone.Ensemble
                ? new[] { 0.80, 0.80, 0.80 }
                : new[] { 0.85, 0.86, 0.84 };
            AnoOnlyExperimentResult switched = steady.Run(train);
            Assert.That(switched.KeptDefault, Is.False);
            Assert.That(switched.BestOptions.Backbone, Is.Not.EqualTo(AnoOnlyBackbone.Ensemble));
            // The winner joins the default: the members of both, the winner's last.
            Assert.That(switched.BestModel.Backbone, Is.EqualTo(AnoOnlyBackbone.Ensemble));
            Assert.That(switched.BestModel.Members.Select(m => m.Backbone).Last(), Is.EqualTo(switched.BestOptions.Backbone));
            Assert.That(switched.BestModel.Members, Has.Count.EqualTo(kept.BestModel.Members.Count + 1));
            Assert.That(kept.ConfirmationTrials, Is.Empty, "nothing to confirm when the default is kept on the sweep's folds");
            Assert.That(switched.ConfirmationTrials.Select(t => t.Options.Backbone).First(), Is.EqualTo(AnoOnlyBackbone.Ensemble));
            Assert.That(switched.ConfirmationTrials.Select(t => t.TrialId), Is.EqualTo(new[] { 9, 10 }), "numbered after the sweep's trials");
        }

        [Test]
        public void ASwitchStandsOnlyIfItHoldsOnFreshFolds()
        {
            var (ml, train, settings) = ThreeFoldSweep();
            var experiment = Create(ml, settings);
            // Every challenger is clearly better on the sweep's folds (the first cross-validation) and level on fresh ones.
            int crossValidations = 0;
            experiment.EvaluatorOverride = _ =>
            {
                bool fresh = ++crossValidations > 1;
                return (options, token) => options.Backbone == AnoOnlyBackbone.Ensemble ? new[] { 0.80, 0.80, 0.80 }
                    : fresh ? new[] { 0.81, 0.79, 0.80 } : new[] { 0.85, 0.86, 0.84 };
            };
            AnoOnlyExperimentResult result = experiment.Run(train);

            Assert.That(crossValidations, Is.EqualTo(2), "one set of fresh folds");
            Assert.That(result.KeptDefault, "a gain seen only on the folds the challenger was chosen on is not confirmed");
            Assert.That(result.BestModel.Backbone, Is.EqualTo(AnoOnlyBackbone.Ensemble));
            Assert.That(result.ConfirmationTrials.Select(t => t.MetricMean), Is.EqualTo(new[] { 0.80, 0.80 }).Within(1e-12));
        }

        [Test]
        public void AKeptDefaultIsTheModelTheTrainerTrainsOnTheSameContext()
        {
            var (train, test, _) = TestData.SyntheticSplit(new MLContext(seed: 1), rows: 300);
            var options = new AnoOnlyTrainer.Options { BatchesPerEpoch = 3 };
            // Neither the experiment nor the trainer is given a seed: both draw theirs from their MLContext.
            AnoOnlyExperimentResult result = new MLContext(seed: 7).AnomalyDetection.CreateAnoOnlyExperiment(new AnoOnlyExperimentSettings
            {
                MaxTrials = 1,
                NumberOfFolds = 2,
                TrainerOptions = options,
            }).Run(train);
            var ml = new MLContext(seed: 7);
            AnoOnlyTransformer direct = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train);

            Assert.That(result.KeptDefault);
            Assert.That(Scores(ml, result.BestModel, test), Is.EqualTo(Scores(ml, direct, test)),
                "a sweep that keeps the default returns the model AnoOnly() trains on a context with the same seed");
        }

        [Test]
        public void TooFewLabeledAnomaliesIsAnInputError()
        {
            var ml = new MLContext(seed: 1);
            var data = TestData.Synthetic(100, 4, 0.1, 2);
            var labels = new bool[data.Count];
            labels[Array.IndexOf(data.IsAnomaly, true)] = true;
            IDataView train = data.ToDataView(ml, labels);
            Assert.That(() => Create(ml, Tiny(3)).Run(train),
                Throws.TypeOf<AnoOnlyInputException>().With.Message.Contains("at least 2"));
        }

        private static float[] Scores(MLContext ml, ITransformer model, IDataView data)
            => model.Transform(data).GetColumn<float>("Score").ToArray();

        /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
        private sealed class SyncProgress : IProgress<AnoOnlyTrialResult>
        {
            private readonly Action<AnoOnlyTrialResult> _report;

            public SyncProgress(Action<AnoOnlyTrialResult> report) => _report = report;

            public void Report(AnoOnlyTrialResult value) => _report(value);
        }
    }
}
