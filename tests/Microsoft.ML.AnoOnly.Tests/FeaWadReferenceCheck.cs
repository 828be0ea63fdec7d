using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>
    /// FEAWAD against the PyTorch reference on a few small benchmark sets, with the ../shared/BENCHMARK.md protocol and
    /// the backbone's default settings. Needs the shared datasets (set ANOONLY_SHARED to the folder holding datasets/ and
    /// reference/), so it runs only when asked:
    /// <c>dotnet test tests/Microsoft.ML.AnoOnly.Tests -c Release --filter FullyQualifiedName~FeaWadReferenceCheck --logger "console;verbosity=normal"</c>.
    /// </summary>
    [Explicit("Needs the shared benchmark datasets; takes minutes.")]
    public class FeaWadReferenceCheck
    {
        [TestCase("4_breastw")]
        [TestCase("6_cardio")]
        [TestCase("18_Ionosphere")]
        [TestCase("38_thyroid")]
        public void MatchesReference(string dataset)
        {
            Run(dataset, AnoOnlyLoss.Full, useBatchNorm: null);
            Run(dataset, AnoOnlyLoss.AnomalyOnly, useBatchNorm: null);
        }

        /// <summary>The full loss without the BatchNorm the reference adds (FEAWAD's original detector), to show
        /// how much of the full loss's weakness the BatchNorm causes.</summary>
        [TestCase("4_breastw")]
        public void FullLossWithoutBatchNorm(string dataset) => Run(dataset, AnoOnlyLoss.Full, useBatchNorm: false);

        /// <summary>Both losses with the raw residual norm in the loss (the FEAWAD paper's form); no reference exists.</summary>
        [TestCase("4_breastw")]
        [TestCase("6_cardio")]
        public void RawResidualLoss(string dataset)
        {
            Run(dataset, AnoOnlyLoss.Full, useBatchNorm: null, FeaWadResidualLoss.RawResidual);
            Run(dataset, AnoOnlyLoss.AnomalyOnly, useBatchNorm: null, FeaWadResidualLoss.RawResidual);
        }

        private static void Run(string dataset, AnoOnlyLoss loss, bool? useBatchNorm,
            FeaWadResidualLoss residual = FeaWadResidualLoss.NormalizedResidual)
        {
            string shared = SharedFolder();
            string csv = Path.Combine(shared, "datasets", dataset + ".csv");
            if (!File.Exists(csv))
                Assert.Ignore($"No {csv}.");
            Dictionary<string, double> reference = ReferenceAuc(Path.Combine(shared, "reference", "pytorch_all_backbones_reference.csv"), dataset);
            // One libtorch thread, as the reference was timed.
            TorchSharp.torch.set_num_threads(1);
            var ml = new MLContext(seed: 1);
            LabeledDataset data = LabeledDataset.LoadCsv(ml, csv);
            var aucs = new List<double>();
            var aps = new List<double>();
            var seconds = new List<double>();
            for (int seed = 1; seed <= 3; seed++)
            {
                var split = SemiSupervisedSplit.Create(data, seed);
                IDataView train = split.Train.ToDataView(ml, split.TrainLabels);
                ITransformer scaler = ml.Transforms.NormalizeMinMax("Features", fixZero: false).Fit(train);
                var options = new AnoOnlyTrainer.Options
                {
                    Backbone = AnoOnlyBackbone.FeaWad,
                    Loss = loss,
                    Seed = seed,
                    UseBatchNorm = useBatchNorm,
                    FeaWadResidualLoss = residual,
                };
                var clock = Stopwatch.StartNew();
                AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(scaler.Transform(train));
                seconds.Add(clock.Elapsed.TotalSeconds);
                float[] scores = model.Transform(scaler.Transform(split.Test.ToDataView(ml))).GetColumn<float>("Score").ToArray();
                aucs.Add(AnomalyMetrics.AreaUnderRocCurve(scores, split.Test.IsAnomaly));
                aps.Add(AnomalyMetrics.AveragePrecision(scores, split.Test.IsAnomaly));
            }
            string variant = (loss == AnoOnlyLoss.Full ? "Full" : "AnoOnly") + (useBatchNorm == false ? " without BatchNorm" : "")
                + (residual == FeaWadResidualLoss.RawResidual ? " with the raw residual" : "");
            double mean = aucs.Average();
            string against = reference.TryGetValue(variant, out double r)
                ? $"reference {r:F4}, difference {mean - r:+0.0000;-0.0000}"
                : "no reference";
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{dataset} FEAWAD {variant}: AUC-ROC {mean:F4} (seeds {string.Join(" ", aucs.Select(a => a.ToString("F4", CultureInfo.InvariantCulture)))}), " +
                $"AUC-PR {aps.Average():F4}, fit {seconds.Average():F1} s; {against}"));
        }

        private static string SharedFolder()
        {
            string? configured = Environment.GetEnvironmentVariable("ANOONLY_SHARED");
            if (!string.IsNullOrEmpty(configured))
                return configured;
            string? dir = TestData.RepoRoot;
            while (dir != null && !Directory.Exists(Path.Combine(dir, "shared", "datasets")))
                dir = Path.GetDirectoryName(dir);
            return dir == null ? Path.Combine(TestData.RepoRoot, "..", "shared") : Path.Combine(dir, "shared");
        }

        private static Dictionary<string, double> ReferenceAuc(string path, string dataset)
        {
            var result = new Dictionary<string, double>();
            if (!File.Exists(path))
                return result;
            foreach (string line in File.ReadLines(path).Skip(1))
            {
                string[] cells = line.Split(',');
                if (cells.Length > 3 && cells[0] == dataset && cells[1] == "FEAWAD")
                    result[cells[2]] = double.Parse(cells[3], CultureInfo.InvariantCulture);
            }
            return result;
        }
    }
}
