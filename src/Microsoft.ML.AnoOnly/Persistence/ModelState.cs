using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>A named array of weights with its shape, as the managed scorer of a backbone reads it.</summary>
    internal sealed class StoredTensor
    {
        public StoredTensor(int[] shape, float[] data)
        {
            long size = shape.Aggregate(1L, (a, b) => a * b);
            if (size != data.Length)
                throw new ArgumentException($"Shape [{string.Join(",", shape)}] does not match {data.Length} values.");
            Shape = shape;
            Data = data;
        }

        public int[] Shape { get; }
        public float[] Data { get; }
    }

    /// <summary>
    /// Everything a trained model needs for scoring, independent of TorchSharp: the backbone, the loss it
    /// was trained with, the feature count, the decision threshold and the backbone's named weights (with
    /// BatchNorm already folded in). <see cref="ModelStateCodec"/> turns it into bytes and back.
    /// </summary>
    internal sealed class ModelState
    {
        public ModelState(AnoOnlyBackbone backbone, AnoOnlyLoss loss, string featureColumnName, int featureCount, float threshold,
            IReadOnlyDictionary<string, StoredTensor> tensors)
        {
            Backbone = backbone;
            FeatureColumnName = featureColumnName;
            Loss = loss;
            FeatureCount = featureCount;
            Threshold = threshold;
            Tensors = tensors;
        }

        public AnoOnlyBackbone Backbone { get; }
        public AnoOnlyLoss Loss { get; }

        /// <summary>The feature column the model was trained on (for messages).</summary>
        public string FeatureColumnName { get; }
        public int FeatureCount { get; }
        public float Threshold { get; }
        public IReadOnlyDictionary<string, StoredTensor> Tensors { get; }

        public ModelState WithThreshold(float threshold) => new(Backbone, Loss, FeatureColumnName, FeatureCount, threshold, Tensors);

        /// <summary>The weights called <paramref name="name"/>, checked against the expected shape
        /// (-1 matches any size).</summary>
        public float[] Get(string name, params int[] expectedShape)
        {
            if (!Tensors.TryGetValue(name, out StoredTensor? tensor))
                throw new AnoOnlyModelFormatException($"The {Backbone} model state has no tensor '{name}'.");
            bool fits = tensor.Shape.Length == expectedShape.Length
                && tensor.Shape.Zip(expectedShape, (actual, expected) => expected < 0 || actual == expected).All(ok => ok);
            if (!fits)
                throw new AnoOnlyModelFormatException(
                    $"The {Backbone} model state's tensor '{name}' has shape [{string.Join(",", tensor.Shape)}], " +
                    $"expected [{string.Join(",", expectedShape)}].");
            return tensor.Data;
        }
    }
}
