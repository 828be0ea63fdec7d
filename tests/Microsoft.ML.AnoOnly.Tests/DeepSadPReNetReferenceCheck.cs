using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>
    /// A quick accuracy check of DeepSAD and PReNet against the PyTorch reference numbers on a few small
    /// shared datasets (../shared/datasets, or the folder in ANOONLY_SHARED), seeds 1-3, full default
    /// settings. Explicit: it needs data outside the repository and takes minutes. Run with
    /// <c>dotnet test tests/Microsoft.ML.AnoOnly.Tests --filter "FullyQualifiedName~DeepSadPReNetReferenceCheck"</c>
    /// (ANOONLY_CHECK_SETS and ANOONLY_CHECK_BACKBONES narrow it down, comma-separated; ANOONLY_CHECK_SEEDS
    /// runs seeds 1..n instead of 1..3, the mean column then being over n seeds; ANOONLY_CHECK_LR overrides
    /// the learning rate).
    /// </summary>
    [Explicit("Needs the shared datasets; takes minutes.")]
    [Category("ReferenceCheck")]
    public class DeepSadPReNetReferenceCheck
    {
        private static readonly string[] DefaultSets = { "4_breastw", "6_cardio", "18_Ionosphere", "38_thyroid" };

        [Test]
        public void CompareWithPyTorchReference()
        {
            string shared = Environment.GetEnvironmentVariable("ANOONLY_SHARED") ?? Path.Combine(TestData.RepoRoot, "..", "shared");
            if (!Directory.Exists(Path.Combine(shared, "datasets")))
                Assert.Ignore($"No shared datasets under {shared}; set ANOONLY_SHARED.");
            Dictionary<(string, string, string), double> reference = ReadReference(Path.Combine(shared, "reference", "pytorch_all_backbones_reference.csv"));
            string[] sets = List("ANOONLY_CHECK_SETS") ?? DefaultSets;
            AnoOnlyBackbone[] backbones = (List("ANOONLY_CHECK_BACKBONES") ?? new[] { "DeepSad", "PReNet" })
                .Select(Enum.Parse<AnoOnlyBackbone>).ToArray();

            int seeds = int.TryParse(Environment.GetEnvironmentVariable("ANOONLY_CHECK_SEEDS"), out int n) ? n : 3;
            TestContext.Out.WriteLine("dataset,backbone,variant,aucroc_mean3,aucpr_mean3,aucroc_std,reference_aucroc,difference");
            foreach (string set in sets)
            {
                var ml = new MLContext(seed: 0);
                LabeledDataset data = LabeledDataset.LoadCsv(ml, Path.Combine(shared, "datasets", set + ".csv"));
                foreach (AnoOnlyBackbone backbone in backbones)
                {
                    foreach (AnoOnlyLoss loss in new[] { AnoOnlyLoss.Full, AnoOnlyLoss.AnomalyOnly })
                    {
                        var rocs = new List<double>();
                        var prs = new List<double>();
                        for (int seed = 1; seed <= seeds; seed++)
                        {
                            (double roc, double pr) = Evaluate(ml, data, backbone, loss, seed);
                            rocs.Add(roc);
                            TestContext.Out.WriteLine(FormattableString.Invariant($"# {set} {backbone} {loss} seed {seed}: AUC-ROC {roc:F4}, AUC-PR {pr:F4}"));
                            prs.Add(pr);
                        }
                        string backboneName = backbone == AnoOnlyBackbone.DeepSad ? "DeepSAD" : backbone.ToString();
                        string variant = loss == AnoOnlyLoss.Full ? "Full" : "AnoOnly";
                        double mean = rocs.Average();
                        double std = Math.Sqrt(rocs.Sum(r => (r - mean) * (r - mean)) / rocs.Count);
                        string refText = reference.TryGetValue((set, backboneName, variant), out double refRoc)
                            ? $"{refRoc:F4},{mean - refRoc:+0.0000;-0.0000}" : ",";
                        TestContext.Out.WriteLine(FormattableString.Invariant(
                            $"{set},{backboneName},{variant},{mean:F4},{prs.Average():F4},{std:F4},{refText}"));
                    }
                }
            }
        }

        private static (double Roc, double Pr) Evaluate(MLContext ml, LabeledDataset data, AnoOnlyBackbone backbone, AnoOnlyLoss loss, int seed)
        {
            var split = SemiSupervisedSplit.Create(data, seed);
            IDataView train = split.Train.ToDataView(ml, split.TrainLabels);
            IDataView test = split.Test.ToDataView(ml);
            ITransformer scaler = ml.Transforms.NormalizeMinMax("Features", fixZero: false).Fit(train);
            var options = new AnoOnlyTrainer.Options { Backbone = backbone, Loss = loss, Seed = seed };
            if (double.TryParse(Environment.GetEnvironmentVariable("ANOONLY_CHECK_LR"), NumberStyles.Float, CultureInfo.InvariantCulture, out double lr))
                options.LearningRate = lr;
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(scaler.Transform(train));
            float[] scores = model.Transform(scaler.Transform(test)).GetColumn<float>("Score").ToArray();
            return (AnomalyMetrics.AreaUnderRocCurve(scores, split.Test.IsAnomaly), AnomalyMetrics.AveragePrecision(scores, split.Test.IsAnomaly));
        }

        private static string[]? List(string variable)
            => Environment.GetEnvironmentVariable(variable)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        private static Dictionary<(string, string, string), double> ReadReference(string path)
        {
            var values = new Dictionary<(string, string, string), double>();
            if (!File.Exists(path))
                return values;
            foreach (string line in File.ReadLines(path).Skip(1))
            {
                string[] cells = line.Split(',');
                if (cells.Length >= 4)
                    values[(cells[0], cells[1], cells[2])] = double.Parse(cells[3], CultureInfo.InvariantCulture);
            }
            return values;
        }
    }
}
