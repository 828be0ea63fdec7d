using System;
using Microsoft.ML.AnoOnly;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>A backbone trained with one of its two losses: the pair the paper's table compares.</summary>
    internal sealed record BackboneVariant(AnoOnlyBackbone Backbone, AnoOnlyLoss Loss)
    {
        /// <summary>The backbone as the paper and the reference files spell it.</summary>
        public string BackboneName => NameOf(Backbone);

        /// <summary><c>AnoOnly</c> or <c>Full</c>, as in the reference files.</summary>
        public string LossName => Loss == AnoOnlyLoss.AnomalyOnly ? "AnoOnly" : "Full";

        public static string NameOf(AnoOnlyBackbone backbone) => backbone switch
        {
            AnoOnlyBackbone.DevNet => "DevNet",
            AnoOnlyBackbone.DeepSad => "DeepSAD",
            AnoOnlyBackbone.PReNet => "PReNet",
            AnoOnlyBackbone.FeaWad => "FEAWAD",
            _ => backbone.ToString(),
        };

        /// <summary>Parses a backbone name case-insensitively in either spelling (enum or paper).</summary>
        public static bool TryParseBackbone(string text, out AnoOnlyBackbone backbone)
        {
            foreach (AnoOnlyBackbone candidate in Enum.GetValues<AnoOnlyBackbone>())
            {
                if (string.Equals(text, candidate.ToString(), StringComparison.OrdinalIgnoreCase)
                    || string.Equals(text, NameOf(candidate), StringComparison.OrdinalIgnoreCase))
                {
                    backbone = candidate;
                    return true;
                }
            }
            backbone = default;
            return false;
        }
    }
}
