using System;
using System.IO;
using System.Linq;
using System.Threading;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Sweeps
{
    /// <summary>Runs the sample of docs/sweeps.md (region <c>sweep</c>), on small synthetic data.</summary>
    public class SweepDocSampleTests
    {
        [Test]
        public void DocSampleRuns()
        {
            var ml = new MLContext(seed: 1);
            var (raw, _, _) = TestData.SyntheticSplit(ml, rows: 300);
            string csvPath = Path.Combine(Path.GetTempPath(), $"anoonly-trials-{Guid.NewGuid():N}.csv");
            // The sample asks for 40 trials; stop it after 6 through its cancellation token. MLContext.Log gets each
            // trial's line on the experiment's thread, before the next trial starts.
            using var stop = new CancellationTokenSource();
            int trials = 0;
            ml.Log += (_, e) =>
            {
                if (e.Message.StartsWith("[Source=AnoOnlyExperiment", StringComparison.Ordinal) && e.Message.Contains("AnoOnly sweep: Trial ") && ++trials == 6)
                    stop.Cancel();
            };
            try
            {
                AnoOnlyExperimentResult result = Sweep(ml, raw, new AnoOnlyTrainer.Options { BatchesPerEpoch = 2 }, csvPath, stop.Token);
                Assert.That(result.Trials, Has.Count.EqualTo(6));
                Assert.That(result.StopReason, Is.EqualTo(AnoOnlyExperimentStopReason.Cancelled));
                Assert.That(File.ReadAllLines(csvPath), Has.Length.EqualTo(7));
                Assert.That(result.BestModel.Transform(raw).Schema.GetColumnOrNull("Score"), Is.Not.Null);
                TestContext.Out.WriteLine(result.ToLeaderboard());
            }
            finally
            {
                File.Delete(csvPath);
            }
        }

        private static AnoOnlyExperimentResult Sweep(MLContext ml, IDataView raw, AnoOnlyTrainer.Options trainerOptions, string csvPath,
            CancellationToken cancellationToken)
        {
            // <sweep>
            IDataView train = ml.Transforms.NormalizeMinMax("Features", fixZero: false).Fit(raw).Transform(raw);

            AnoOnlyExperiment experiment = ml.AnomalyDetection.CreateAnoOnlyExperiment(new AnoOnlyExperimentSettings
            {
                MaxTrials = 40,
                MaxDuration = TimeSpan.FromMinutes(5),
                Metric = AnoOnlyMetric.AreaUnderRocCurve,   // the default; see "Which metric" below
                NumberOfFolds = 3,
                Seed = 1,
                TrainerOptions = trainerOptions,            // column names and settings kept fixed (BatchesPerEpoch, ...)
            });
            var progress = new Progress<AnoOnlyTrialResult>(trial => Console.WriteLine(trial));
            AnoOnlyExperimentResult result = experiment.Run(train, progress, cancellationToken);

            AnoOnlyTransformer best = result.BestModel;       // refit on all of train: the default, joined by result.BestOptions if it won
            Console.WriteLine(result.ToLeaderboard(top: 10)); // text table, best first
            result.SaveCsv(csvPath);                          // every trial, in the order they ran
            foreach (AnoOnlyTrialResult trial in result.Trials)
                Console.WriteLine($"{trial.TrialId}: {trial.MetricMean:F3} ± {trial.MetricStdDev:F3} in {trial.Duration.TotalSeconds:F1} s");
            // </sweep>
            return result;
        }
    }
}
