using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// A backbone of this library as applications may list it (a command line, a settings page): its name, what
    /// it is, and the defaults it trains with when <see cref="AnoOnlyTrainer.Options"/> leaves a setting unset.
    /// </summary>
    public sealed class AnoOnlyBackboneInfo
    {
        private AnoOnlyBackboneInfo(Backbones.IModelRecipe recipe)
        {
            Backbone = recipe.Id;
            Name = recipe.Name;
            Summary = recipe.Summary;
            MinimumLabeledAnomalies = recipe.MinimumLabeledAnomalies;
            if (recipe is Backbones.BackboneDescriptor network)
            {
                DefaultEpochs = network.Defaults.Epochs;
                DefaultBatchesPerEpoch = network.Defaults.BatchesPerEpoch;
                DefaultBatchSize = network.Defaults.BatchSize;
                DefaultLearningRate = network.Defaults.LearningRate;
                BatchNormWithFullLoss = network.Defaults.BatchNormWithFullLoss;
            }
        }

        /// <summary>Every backbone of the library, in the order of <see cref="AnoOnlyBackbone"/>, then
        /// <see cref="AnoOnlyBackbone.Ensemble"/>.</summary>
        public static IReadOnlyList<AnoOnlyBackboneInfo> All
            => Backbones.BackboneRegistry.Selectable.Select(d => new AnoOnlyBackboneInfo(d)).ToArray();

        /// <summary>The backbone named <paramref name="name"/>, as <see cref="AnoOnlyBackbone"/> or its paper spells it
        /// (ignoring case, so <c>deepsad</c> and <c>DeepSAD</c> both name <see cref="AnoOnlyBackbone.DeepSad"/>).</summary>
        /// <param name="name">The name.</param>
        /// <param name="backbone">The backbone, when the name is known.</param>
        /// <returns>Whether the name is known.</returns>
        public static bool TryParse(string? name, out AnoOnlyBackbone backbone)
        {
            Backbones.IModelRecipe? descriptor = name is null ? null : Backbones.BackboneRegistry.Parse(name.Trim());
            backbone = descriptor?.Id ?? default;
            return descriptor != null;
        }

        /// <summary>The description of <paramref name="backbone"/>.</summary>
        /// <param name="backbone">A backbone of this library.</param>
        /// <returns>Its description.</returns>
        /// <exception cref="ArgumentOutOfRangeException">Not a backbone of this library.</exception>
        public static AnoOnlyBackboneInfo Of(AnoOnlyBackbone backbone) => new(Backbones.BackboneRegistry.ForOptions(backbone));

        /// <summary>The value that selects it in <see cref="AnoOnlyTrainer.Options.Backbone"/>.</summary>
        public AnoOnlyBackbone Backbone { get; }

        /// <summary>The name as its paper spells it, for example <c>DeepSAD</c>.</summary>
        public string Name { get; }

        /// <summary>What the backbone is, in one sentence.</summary>
        public string Summary { get; }

        /// <summary>Epochs when <see cref="AnoOnlyTrainer.Options.NumberOfEpochs"/> is unset; <see langword="null"/> for
        /// the ensemble, whose members each train with their own.</summary>
        public int? DefaultEpochs { get; }

        /// <summary>Batches per epoch when <see cref="AnoOnlyTrainer.Options.BatchesPerEpoch"/> is unset (<see langword="null"/>
        /// for the ensemble).</summary>
        public int? DefaultBatchesPerEpoch { get; }

        /// <summary>Rows (or pairs) per batch when <see cref="AnoOnlyTrainer.Options.BatchSize"/> is unset
        /// (<see langword="null"/> for the ensemble).</summary>
        public int? DefaultBatchSize { get; }

        /// <summary>Learning rate when <see cref="AnoOnlyTrainer.Options.LearningRate"/> is unset (<see langword="null"/>
        /// for the ensemble).</summary>
        public double? DefaultLearningRate { get; }

        /// <summary>The fewest labeled anomalies the backbone trains from.</summary>
        public int MinimumLabeledAnomalies { get; }

        /// <summary>Whether the backbone keeps its BatchNorm under the full loss (part of its original architecture);
        /// <see langword="null"/> for the ensemble.</summary>
        public bool? BatchNormWithFullLoss { get; }

        /// <summary>Whether this is one network (false for <see cref="AnoOnlyBackbone.Ensemble"/>).</summary>
        public bool IsSingleNetwork => DefaultEpochs != null;

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
