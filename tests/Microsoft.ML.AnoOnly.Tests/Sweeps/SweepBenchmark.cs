using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Sweeps
{
    /// <summary>
    /// Swept vs default AnoOnly-DevNet on shared benchmark sets, with the ../shared/BENCHMARK.md protocol. Explicit:
    /// it needs the shared datasets and takes minutes. Run (from the repository root):
    /// <code>
    /// dotnet test tests/Microsoft.ML.AnoOnly.Tests -c Release --filter "FullyQualifiedName~SweepBenchmark" \
    ///   --logger "console;verbosity=detailed" -- TestRunParameters.Parameter(name=\"sets\",value=\"4_breastw,18_Ionosphere\")
    /// </code>
    /// Parameters: datasets (absolute folder, default ../shared/datasets next to the repository), sets, seeds (default 1,2,3), trials (default 40),
    /// randomTrials (MaxTrials of the random search, default trials), tuners (default SuccessiveHalving,RandomSearch),
    /// folds (default 3), metrics (default AreaUnderRocCurve,AreaUnderPrCurve), threads (libtorch, default 1), out (CSV, default sweep-benchmark.csv in the temp folder).
    /// </summary>
    [Explicit("Needs ../shared/datasets; takes minutes.")]
    public class SweepBenchmark
    {
        [Test]
        public void SweptVersusDefaultDevNet()
        {
            string folder = TestContext.Parameters.Get("datasets", Path.Combine(TestData.RepoRoot, "..", "shared", "datasets"));
            string[] sets = TestContext.Parameters.Get("sets", "4_breastw,6_cardio,18_Ionosphere,42_WBC").Split(',');
            int[] seeds = TestContext.Parameters.Get("seeds", "1,2,3").Split(',').Select(int.Parse).ToArray();
            int trials = TestContext.Parameters.Get("trials", 40);
            int randomTrials = TestContext.Parameters.Get("randomTrials", trials);
            AnoOnlyTuner[] tuners = TestContext.Parameters.Get("tuners", "SuccessiveHalving,RandomSearch").Split(',').Select(Enum.Parse<AnoOnlyTuner>).ToArray();
            int folds = TestContext.Parameters.Get("folds", 3);
            AnoOnlyMetric[] metrics = TestContext.Parameters.Get("metrics", "AreaUnderRocCurve,AreaUnderPrCurve").Split(',').Select(Enum.Parse<AnoOnlyMetric>).ToArray();
            string output = TestContext.Parameters.Get("out", Path.Combine(Path.GetTempPath(), "sweep-benchmark.csv"));
            if (!Directory.Exists(folder))
                Assert.Ignore($"No datasets folder at {folder}.");
            // Tiny networks train far faster on one libtorch thread than on two when the cores are shared.
            TorchSharp.torch.set_num_threads(TestContext.Parameters.Get("threads", 1));

            using var csv = new StreamWriter(output);
            csv.WriteLine("dataset,seed,labeled,method,trials,test_aucroc,test_aucpr,cv_metric,seconds,best");
            foreach (string set in sets)
            {
                var ml = new MLContext(seed: 1);
                LabeledDataset data = LabeledDataset.LoadCsv(ml, Path.Combine(folder, set + ".csv"));
                foreach (int seed in seeds)
                {
                    var split = SemiSupervisedSplit.Create(data, seed);
                    IDataView rawTrain = split.Train.ToDataView(ml, split.TrainLabels);
                    var scaler = ml.Transforms.NormalizeMinMax("Features", fixZero: false).Fit(rawTrain);
                    IDataView train = scaler.Transform(rawTrain);
                    IDataView test = scaler.Transform(split.Test.ToDataView(ml));
                    int labeled = split.TrainLabels.Count(l => l);

                    var clock = Stopwatch.StartNew();
                    ITransformer baseline = ml.AnomalyDetection.Trainers.AnoOnly(seed: seed).Fit(train);
                    Report(csv, set, seed, labeled, "default", 1, baseline, test, split, double.NaN, clock.Elapsed, "DevNet defaults");

                    foreach (AnoOnlyMetric metric in metrics)
                    foreach (AnoOnlyTuner tuner in tuners)
                    {
                        string method = $"{tuner}/{(metric == AnoOnlyMetric.AreaUnderPrCurve ? "AUC-PR" : "AUC-ROC")}";
                        clock.Restart();
                        try
                        {
                            AnoOnlyExperimentResult result = ml.AnomalyDetection.CreateAnoOnlyExperiment(new AnoOnlyExperimentSettings
                            {
                                MaxTrials = tuner == AnoOnlyTuner.RandomSearch ? randomTrials : trials, NumberOfFolds = folds, Seed = seed, Tuner = tuner, Metric = metric,
                            }).Run(train);
                            TestContext.Out.WriteLine($"{set} seed {seed} {method}: {result.StopReason}, {result.Trials.Count} trials");
                            TestContext.Out.WriteLine(result.ToLeaderboard(top: 8));
                            Report(csv, set, seed, labeled, method, result.Trials.Count, result.BestModel, test, split,
                                result.BestTrial.MetricMean, clock.Elapsed, Describe(result.BestTrial));
                        }
                        catch (AnoOnlyInputException e)
                        {
                            TestContext.Out.WriteLine($"{set} seed {seed} {method}: not applicable: {e.Message}");
                            csv.WriteLine($"{set},{seed},{labeled},{method},0,,,,,\"n/a: {e.Message.Split('.')[0].Replace("\"", "'")}\"");
                        }
                        csv.Flush();
                    }
                }
            }
            TestContext.Out.WriteLine($"Results: {output}");
        }

        private static string Describe(AnoOnlyTrialResult trial)
            => string.Join(" ", trial.Parameters.Select(p => $"{p.Key}={Format(p.Value)}"));

        private static string Format(object value)
            => value is double d ? d.ToString("G3", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

        private static void Report(StreamWriter csv, string set, int seed, int labeled, string method, int trials, ITransformer model,
            IDataView test, SemiSupervisedSplit split, double cvMetric, TimeSpan elapsed, string best)
        {
            float[] scores = model.Transform(test).GetColumn<float>("Score").ToArray();
            double roc = AnomalyMetrics.AreaUnderRocCurve(scores, split.Test.IsAnomaly);
            double pr = AnomalyMetrics.AveragePrecision(scores, split.Test.IsAnomaly);
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{set},{seed},{labeled},{method},{trials},{roc:F4},{pr:F4},{cvMetric:F4},{elapsed.TotalSeconds:F1},\"{best}\"");
            csv.WriteLine(line);
            csv.Flush();
            TestContext.Out.WriteLine(line);
        }
    }
}
