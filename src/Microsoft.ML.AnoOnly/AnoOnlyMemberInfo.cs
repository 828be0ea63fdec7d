namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// One member of a trained model (<see cref="AnoOnlyTransformer.Members"/>): a model of one backbone has one, the
    /// ensemble several, whose standardised scores are summed with these weights.
    /// </summary>
    public sealed class AnoOnlyMemberInfo
    {
        internal AnoOnlyMemberInfo(string name, AnoOnlyBackbone? backbone, AnoOnlyLoss? loss, float weight)
        {
            Name = name;
            Backbone = backbone;
            Loss = loss;
            Weight = weight;
        }

        /// <summary>The member's name, for example <c>DeepSAD</c> or <c>kNN distance</c>.</summary>
        public string Name { get; }

        /// <summary>The backbone, or <see langword="null"/> for the ensemble's members that are not backbones (kNN distance, boosted trees).</summary>
        public AnoOnlyBackbone? Backbone { get; }

        /// <summary>The loss the member trained with, or <see langword="null"/> for a member that is not a network (kNN distance, boosted trees).</summary>
        public AnoOnlyLoss? Loss { get; }

        /// <summary>The member's weight in the model's score (1 for a model of one backbone; the ensemble's weights sum to 1).</summary>
        public float Weight { get; }

        /// <inheritdoc />
        public override string ToString() => Loss is AnoOnlyLoss loss ? $"{Name} ({loss}) x {Weight:G3}" : $"{Name} x {Weight:G3}";
    }
}
