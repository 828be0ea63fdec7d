using System;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones
{
    /// <summary>
    /// Everything the library knows about one backbone, in one place: its identity, its defaults (which the
    /// sweep also starts from), how to build its network for training and how to build its managed scorer from a
    /// saved member. The trainer, the scorer, the sweep and the CLI find backbones through
    /// <see cref="BackboneRegistry"/> and never name one. docs/backbones/README.md has the recipe for adding one.
    /// </summary>
    internal abstract class BackboneDescriptor
    {
        /// <summary>The value of <see cref="AnoOnlyTrainer.Options.Backbone"/> that selects it, also stored in saved models.</summary>
        public abstract AnoOnlyBackbone Id { get; }

        /// <summary>The name as its paper spells it (tables, logs, the CLI), for example <c>DeepSAD</c>.</summary>
        public abstract string Name { get; }

        /// <summary>One sentence for listings.</summary>
        public abstract string Summary { get; }

        /// <summary>The settings a user may leave unset, as the AnoOnly reference trains this backbone.</summary>
        public abstract BackboneDefaults Defaults { get; }

        /// <summary>The network with its training stages (TorchSharp). Called only to train.</summary>
        public abstract IBackboneModel CreateModel(TrainingSettings settings, int featureCount, Device device, Random random);

        /// <summary>The eval-mode scorer of a saved member, in managed code: it must not touch TorchSharp.</summary>
        public abstract IAnomalyScorer CreateScorer(MemberState member);
    }
}
