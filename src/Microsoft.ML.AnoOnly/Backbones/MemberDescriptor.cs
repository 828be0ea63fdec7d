using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;

namespace Microsoft.ML.AnoOnly.Backbones
{
    /// <summary>
    /// Anything that can be a member of a saved model: a trained network (<see cref="BackboneDescriptor"/>) or an
    /// unsupervised detector the ensemble adds. A member is trained on the training rows and exported as a
    /// <see cref="MemberState"/>, and its saved state becomes a managed scorer again.
    /// </summary>
    internal abstract class MemberDescriptor
    {
        /// <summary>The value stored in saved models to find this member's scorer again.</summary>
        public abstract AnoOnlyBackbone Id { get; }

        /// <summary>The name as its paper spells it (tables, logs, the CLI), for example <c>DeepSAD</c>.</summary>
        public abstract string Name { get; }

        /// <summary>The fewest labeled anomalies the member trains from (0: it does not use the labels).</summary>
        public abstract int MinimumLabeledAnomalies { get; }

        /// <summary>Trains the member on <paramref name="data"/> and exports it (identity combination).</summary>
        /// <param name="data">The training rows.</param>
        /// <param name="fit">The fit's options, seed and device.</param>
        /// <param name="loss">The loss this member trains with.</param>
        /// <param name="seed">This member's seed.</param>
        /// <param name="epochShare">Below 1: a shortened training (the ensemble's weighing folds).</param>
        /// <param name="reporter">Receives the training's epochs and notes.</param>
        /// <param name="cancellation">Stops training between batches.</param>
        public abstract MemberState Train(TrainingSet data, FitSettings fit, AnoOnlyLoss loss, int seed, double epochShare,
            TrainingReporter reporter, CancellationToken cancellation);

        /// <summary>The eval-mode scorer of a saved member, in managed code: it must not touch TorchSharp.</summary>
        public abstract IAnomalyScorer CreateScorer(MemberState member);
    }
}
