using System;
using Microsoft.ML.AnoOnly.Data;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// The likely cause of a diverged training run, named from what the trainer knows before it starts:
    /// how large the features are and how far the learning rate is above the backbone's default. The
    /// training loop puts it into the <see cref="AnoOnlyTrainingException"/> it throws.
    /// </summary>
    internal static class DivergenceAdvice
    {
        /// <summary>Scaled features (min-max, z-score) stay within a few units; far beyond that the
        /// network's activations and BatchNorm statistics overflow single precision.</summary>
        private const float UnscaledMagnitude = 1e3f;

        /// <summary>A learning rate this many times the default is the first suspect.</summary>
        private const double HighLearningRateFactor = 10;

        public static string For(TrainingSettings settings, TrainingSet data)
        {
            BackboneDefaults defaults = settings.Backbone.Defaults;
            if (data.LargestMagnitude > UnscaledMagnitude)
                return $"Likely cause: the features are not scaled (values reach {data.LargestMagnitude:G3}); scale them, for example " +
                    "with Transforms.NormalizeMinMax before the trainer.";
            if (settings.LearningRate > HighLearningRateFactor * defaults.LearningRate)
                return $"Likely cause: the learning rate {settings.LearningRate:G3} is {settings.LearningRate / defaults.LearningRate:G3} " +
                    $"times the {settings.Backbone.Name} default ({defaults.LearningRate:G3}); lower Options.LearningRate.";
            return "Lower the learning rate (Options.LearningRate), and make sure the features are scaled (for example with " +
                "Transforms.NormalizeMinMax before the trainer).";
        }
    }
}
