using System;
using Microsoft.ML.AnoOnly.Backbones.DeepSad;
using Microsoft.ML.AnoOnly.Backbones.DevNet;
using Microsoft.ML.AnoOnly.Backbones.FeaWad;
using Microsoft.ML.AnoOnly.Backbones.PReNet;
using Microsoft.ML.AnoOnly.Persistence;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>Builds the managed scorer of a saved model state. Touches no TorchSharp type, so scoring a
    /// loaded model never initialises libtorch.</summary>
    internal static class ScorerFactory
    {
        public static IAnomalyScorer Create(ModelState state) => state.Backbone switch
        {
            AnoOnlyBackbone.DevNet => new DevNetScorer(state),
            AnoOnlyBackbone.DeepSad => new DeepSadScorer(state),
            AnoOnlyBackbone.PReNet => new PReNetScorer(state),
            AnoOnlyBackbone.FeaWad => new FeaWadScorer(state),
            _ => throw new AnoOnlyModelFormatException($"This version of Microsoft.ML.AnoOnly cannot score {state.Backbone} models."),
        };
    }
}
