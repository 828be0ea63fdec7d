using Microsoft.ML.AnoOnly;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>A backbone trained with one of its two losses: the pair the paper's table compares.</summary>
    internal sealed record BackboneVariant(AnoOnlyBackbone Backbone, AnoOnlyLoss Loss)
    {
        /// <summary>The backbone as the paper and the reference files spell it.</summary>
        public string BackboneName => AnoOnlyBackboneInfo.Of(Backbone).Name;

        /// <summary><c>AnoOnly</c> or <c>Full</c>, as in the reference files.</summary>
        public string LossName => Loss == AnoOnlyLoss.AnomalyOnly ? "AnoOnly" : "Full";
    }
}
