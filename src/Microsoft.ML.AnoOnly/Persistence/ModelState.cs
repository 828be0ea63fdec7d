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
    /// How a member's raw score enters the model's score: <c>Weight * (score - Center) / Scale</c>. A model of one
    /// backbone has the identity (1, 0, 1), which leaves its scores bit for bit as the network computes them.
    /// </summary>
    internal readonly record struct ScoreCombination(float Weight, float Center, float Scale)
    {
        public static readonly ScoreCombination Identity = new(1f, 0f, 1f);

        public bool IsIdentity => Weight == 1f && Center == 0f && Scale == 1f;

        public float Apply(float score) => IsIdentity ? score : Weight * (score - Center) / Scale;
    }

    /// <summary>
    /// One trained network of a model, independent of TorchSharp: its backbone, the loss it was trained with,
    /// how its score enters the model's score, and its named weights (with BatchNorm already folded in).
    /// </summary>
    internal sealed class MemberState
    {
        public MemberState(AnoOnlyBackbone backbone, AnoOnlyLoss loss, int featureCount, ScoreCombination combination,
            IReadOnlyDictionary<string, StoredTensor> tensors)
        {
            Backbone = backbone;
            Loss = loss;
            FeatureCount = featureCount;
            Combination = combination;
            Tensors = tensors;
        }

        public AnoOnlyBackbone Backbone { get; }
        public AnoOnlyLoss Loss { get; }
        public int FeatureCount { get; }
        public ScoreCombination Combination { get; }
        public IReadOnlyDictionary<string, StoredTensor> Tensors { get; }

        public MemberState WithCombination(ScoreCombination combination) => new(Backbone, Loss, FeatureCount, combination, Tensors);

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

        /// <summary>The first dimension of tensor <paramref name="name"/> (a layer's output width), checked to be positive.</summary>
        public int Rows(string name, int columns)
        {
            float[] values = Get(name, -1, columns);
            int rows = values.Length / columns;
            if (rows < 1)
                throw new AnoOnlyModelFormatException($"The {Backbone} model state's tensor '{name}' is empty.");
            return rows;
        }
    }

    /// <summary>
    /// Everything a trained model needs for scoring: what the options selected (a backbone or the ensemble) and
    /// with which loss, the feature column and width, the decision threshold, its members (one network, or several
    /// whose combined score is the model's), and the normal reference row that explanations measure contributions
    /// from. <see cref="ModelStateCodec"/> turns it into bytes and back.
    /// </summary>
    internal sealed class ModelState
    {
        public ModelState(string featureColumnName, int featureCount, float threshold, IReadOnlyList<MemberState> members,
            float[]? normalReference = null, AnoOnlyBackbone? backbone = null, AnoOnlyLoss? loss = null)
        {
            if (members.Count == 0)
                throw new ArgumentException("A model has at least one member.", nameof(members));
            FeatureColumnName = featureColumnName;
            FeatureCount = featureCount;
            Threshold = threshold;
            Members = members;
            NormalReference = normalReference;
            Backbone = backbone ?? members[0].Backbone;
            Loss = loss ?? members[0].Loss;
        }

        /// <summary>What <see cref="AnoOnlyTrainer.Options.Backbone"/> selected: a backbone, or the ensemble.</summary>
        public AnoOnlyBackbone Backbone { get; }

        /// <summary>The loss the options asked for (an ensemble's members may train with others, see its recipe).</summary>
        public AnoOnlyLoss Loss { get; }

        /// <summary>The feature column the model was trained on (for messages).</summary>
        public string FeatureColumnName { get; }
        public int FeatureCount { get; }
        public float Threshold { get; }
        public IReadOnlyList<MemberState> Members { get; }

        /// <summary>The mean of the training's unlabeled rows (null in models saved before format version 2).</summary>
        public float[]? NormalReference { get; }

        /// <summary>About the multiply-adds scoring a row takes: one per stored weight (every member's layers, the kNN
        /// member's reference rows). What decides whether a block of rows is worth scoring on several cores.</summary>
        public long MultiplyAddsPerRow => Members.Sum(m => m.Tensors.Values.Sum(t => (long)t.Data.Length));

        public ModelState WithThreshold(float threshold) => new(FeatureColumnName, FeatureCount, threshold, Members, NormalReference, Backbone, Loss);
    }
}
