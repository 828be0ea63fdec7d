using System.Linq;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reference
{
    /// <summary>
    /// FEAWAD against the PyTorch reference on four small sets (4_breastw and 6_cardio bundled, 18_Ionosphere and
    /// 38_thyroid from ../shared/datasets), seeds 1-3 of the evaluation protocol (<see cref="Evaluation.ProtocolSplit"/>),
    /// the backbone's default settings.
    /// <para>
    /// Tolerances, per loss: the mean test AUC-ROC over the four sets within 0.05 of the reference's mean, each set
    /// within 0.15 of its reference. Wider than the other backbones' because FEAWAD varies more from seed to seed (the
    /// full loss from 0.43 to 0.67 on 4_breastw, the AnoOnly loss from 0.52 to 0.78 on 18_Ionosphere, in the
    /// reference too). Measured (docs/backbones/feawad.md): means -0.029 (Full) and -0.023 (AnoOnly); largest per-set
    /// differences -0.117 (Full, 4_breastw) and -0.110 (AnoOnly, 18_Ionosphere). Over all 16 benchmark sets the means
    /// differ by -0.002 and -0.001 (docs/benchmarks.md).
    /// </para>
    /// Explicit: it needs the shared datasets and reference file (skipped without them) and takes minutes:
    /// <c>dotnet test tests/Microsoft.ML.AnoOnly.Tests -c Release --filter FullyQualifiedName~FeaWadReferenceCheck --logger "console;verbosity=normal"</c>.
    /// </summary>
    [Explicit("Needs the shared benchmark datasets; takes minutes.")]
    [Category("ReferenceCheck")]
    public class FeaWadReferenceCheck
    {
        private const double MeanTolerance = 0.05, PerSetTolerance = 0.15;

        /// <summary>The full loss without BatchNorm (FEAWAD's original detector) reaches at least this on 4_breastw:
        /// measured 0.892 (seeds 0.853 0.860 0.962), against 0.531 with the BatchNorm (reference 0.648).</summary>
        private const double WithoutBatchNormAtLeast = 0.80;

        private static readonly string[] Sets = { "4_breastw", "6_cardio", "18_Ionosphere", "38_thyroid" };
        private static readonly int[] Seeds = { 1, 2, 3 };

        [TestCase(AnoOnlyLoss.Full)]
        [TestCase(AnoOnlyLoss.AnomalyOnly)]
        public void MatchesReference(AnoOnlyLoss loss)
        {
            SetParity[] results = Measure(Sets, loss, options => { });
            string title = $"FEAWAD, {ReferenceTable.VariantOf(loss)} loss";
            ReferenceParity.Report(title, results);
            ReferenceParity.AssertWithin(title, results, MeanTolerance, PerSetTolerance);
        }

        /// <summary>The full loss without the BatchNorm the reference adds, to show how much of the full loss's
        /// weakness the BatchNorm causes (printed next to the reference with the BatchNorm).</summary>
        [Test]
        public void FullLossWithoutBatchNorm()
        {
            SetParity breastw = Measure(new[] { "4_breastw" }, AnoOnlyLoss.Full, options => options.UseBatchNorm = false).Single();
            ReferenceParity.Report("FEAWAD, Full loss without BatchNorm (reference: with it)", new[] { breastw });
            Assert.That(breastw.Mean, Is.GreaterThanOrEqualTo(WithoutBatchNormAtLeast),
                $"4_breastw, full loss without BatchNorm: mean test AUC-ROC {breastw.Mean:F4}; expected at least {WithoutBatchNormAtLeast}");
        }

        /// <summary>Both losses with the raw residual norm in the loss (the FEAWAD paper's form). It has no reference
        /// of its own, so it is held to the default's reference with the same per-set tolerance (measured within
        /// 0.07 on 4_breastw and 6_cardio).</summary>
        [TestCase(AnoOnlyLoss.Full)]
        [TestCase(AnoOnlyLoss.AnomalyOnly)]
        public void RawResidualLoss(AnoOnlyLoss loss)
        {
            SetParity[] results = Measure(new[] { "4_breastw", "6_cardio" }, loss,
                options => options.FeaWadResidualLoss = FeaWadResidualLoss.RawResidual);
            string title = $"FEAWAD, {ReferenceTable.VariantOf(loss)} loss with the raw residual (reference: normalized residual)";
            ReferenceParity.Report(title, results);
            ReferenceParity.AssertWithin(title, results, meanTolerance: null, PerSetTolerance);
        }

        private static SetParity[] Measure(string[] sets, AnoOnlyLoss loss, System.Action<AnoOnlyTrainer.Options> adjust)
        {
            ReferenceTable reference = ReferenceTable.Load(TestDatasets.RequireSharedReference("pytorch_all_backbones_reference.csv"));
            string[] paths = sets.Select(TestDatasets.RequireDataset).ToArray();
            return sets.Select((set, i) => ReferenceParity.Measure(set, paths[i], seed =>
                {
                    var options = new AnoOnlyTrainer.Options { Backbone = AnoOnlyBackbone.FeaWad, Loss = loss, Seed = seed };
                    adjust(options);
                    return options;
                }, Seeds, reference.AucRoc(set, AnoOnlyBackbone.FeaWad, loss)))
                .ToArray();
        }
    }
}
