using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reference
{
    /// <summary>
    /// DeepSAD and PReNet, each with both losses and default settings, against the PyTorch reference on four small
    /// sets (4_breastw and 6_cardio bundled, 18_Ionosphere and 38_thyroid from ../shared/datasets), seeds 1-3 of the
    /// evaluation protocol (<see cref="Evaluation.ProtocolSplit"/>).
    /// <para>
    /// Asserts, per backbone x loss: the mean test AUC-ROC over the sets lies within 0.03 of the reference's mean,
    /// and each set's within 0.12 of its reference. Measured (docs/backbones/deepsad.md, prenet.md): means from
    /// -0.021 (DeepSAD, AnoOnly loss) to +0.001; the largest per-set difference is -0.095 (PReNet, full loss, on
    /// 18_Ionosphere: 351 rows, whose splits every backbone here finds harder than the reference's), next
    /// -0.052 (DeepSAD, AnoOnly loss, on 38_thyroid, an open item).
    /// </para>
    /// Explicit: it needs the shared datasets and reference file (skipped without them) and takes minutes. Run with
    /// <c>dotnet test tests/Microsoft.ML.AnoOnly.Tests -c Release --filter "FullyQualifiedName~DeepSadPReNetReferenceCheck" --logger "console;verbosity=detailed"</c>.
    /// ANOONLY_CHECK_SETS and ANOONLY_CHECK_BACKBONES narrow it down (comma-separated); ANOONLY_CHECK_SEEDS runs seeds
    /// 1..n instead of 1..3 and ANOONLY_CHECK_LR overrides the learning rate, to explore; the tolerances hold for the
    /// default run, against a reference that is a mean of seeds 1-3.
    /// </summary>
    [Explicit("Needs the shared datasets; takes minutes.")]
    [Category("ReferenceCheck")]
    public class DeepSadPReNetReferenceCheck
    {
        private const double MeanTolerance = 0.03, PerSetTolerance = 0.12;
        private static readonly string[] DefaultSets = { "4_breastw", "6_cardio", "18_Ionosphere", "38_thyroid" };

        [Test]
        public void CompareWithPyTorchReference()
        {
            ReferenceTable reference = ReferenceTable.Load(TestDatasets.RequireSharedReference("pytorch_all_backbones_reference.csv"));
            string[] sets = List("ANOONLY_CHECK_SETS") ?? DefaultSets;
            string[] paths = sets.Select(TestDatasets.RequireDataset).ToArray();
            AnoOnlyBackbone[] backbones = (List("ANOONLY_CHECK_BACKBONES") ?? new[] { "DeepSAD", "PReNet" }).Select(Backbone).ToArray();
            int seedCount = int.TryParse(Environment.GetEnvironmentVariable("ANOONLY_CHECK_SEEDS"), out int n) ? n : 3;
            int[] seeds = Enumerable.Range(1, seedCount).ToArray();
            double? learningRate = double.TryParse(Environment.GetEnvironmentVariable("ANOONLY_CHECK_LR"), NumberStyles.Float,
                CultureInfo.InvariantCulture, out double lr) ? lr : null;

            var checks = new List<(string Title, SetParity[] Results)>();
            foreach (AnoOnlyBackbone backbone in backbones)
            {
                foreach (AnoOnlyLoss loss in new[] { AnoOnlyLoss.Full, AnoOnlyLoss.AnomalyOnly })
                {
                    SetParity[] results = sets.Select((set, i) => ReferenceParity.Measure(set, paths[i],
                            seed => new AnoOnlyTrainer.Options { Backbone = backbone, Loss = loss, Seed = seed, LearningRate = learningRate },
                            seeds, reference.AucRoc(set, backbone, loss)))
                        .ToArray();
                    string title = $"{AnoOnlyBackboneInfo.Of(backbone).Name}, {ReferenceTable.VariantOf(loss)} loss";
                    ReferenceParity.Report(title, results);
                    checks.Add((title, results));
                }
            }
            // Every combination is measured and printed before the first assertion, so one failure shows them all.
            Assert.Multiple(() =>
            {
                foreach (var (title, results) in checks)
                    ReferenceParity.AssertWithin(title, results, MeanTolerance, PerSetTolerance);
            });
        }

        private static AnoOnlyBackbone Backbone(string name)
            => AnoOnlyBackboneInfo.TryParse(name, out AnoOnlyBackbone backbone)
                ? backbone
                : throw new ArgumentException($"ANOONLY_CHECK_BACKBONES: unknown backbone '{name}'.");

        private static string[]? List(string variable)
            => Environment.GetEnvironmentVariable(variable)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
