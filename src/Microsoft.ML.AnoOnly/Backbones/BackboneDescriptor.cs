using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Backbones
{
    /// <summary>
    /// Everything the library knows about one backbone, in one place: its identity, its defaults (which the
    /// sweep also starts from), how to build its network for training and how to build its managed scorer from a
    /// saved member. The trainer, the scorer, the sweep and the CLI find backbones through
    /// <see cref="BackboneRegistry"/> and never name one. docs/backbones/README.md has the recipe for adding one.
    /// A backbone is also a <see cref="IModelRecipe"/> of one member: itself, with the options' loss.
    /// </summary>
    internal abstract class BackboneDescriptor : MemberDescriptor, IModelRecipe
    {
        /// <summary>One sentence for listings.</summary>
        public abstract string Summary { get; }

        /// <summary>The settings a user may leave unset, as the AnoOnly reference trains this backbone.</summary>
        public abstract BackboneDefaults Defaults { get; }

        public override int MinimumLabeledAnomalies => Defaults.MinimumLabeledAnomalies;

        /// <summary>The network with its training stages (TorchSharp). Called only to train.</summary>
        public abstract IBackboneModel CreateModel(TrainingSettings settings, int featureCount, Device device, Random random);

        /// <summary>Trains the network through the one training loop and exports it.</summary>
        public sealed override MemberState Train(TrainingSet data, FitSettings fit, AnoOnlyLoss loss, int seed, double epochShare,
            TrainingReporter reporter, CancellationToken cancellation)
        {
            using IBackboneModel model = TrainingRun.TrainNetwork(data, fit.ForNetwork(this, loss, seed, epochShare), reporter, cancellation);
            return model.Export();
        }

        IReadOnlyList<MemberPlan> IModelRecipe.Members(int labeledAnomalies, AnoOnlyLoss loss) => new[] { new MemberPlan(this, loss) };

        bool IModelRecipe.WeighsMembersByLabels => false;
    }
}
