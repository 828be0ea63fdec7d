using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// The one training loop of every backbone: for each stage, epochs of sampled batches, a check that
    /// the loss stays finite and does not explode, per-epoch loss to the log, cancellation between batches,
    /// and the weights of the best (or last) epoch restored at the end.
    /// </summary>
    internal static class TrainingLoop
    {
        /// <summary>
        /// A batch loss this many times larger in magnitude than the stage's first one (or than 1, when the
        /// first is smaller) counts as an explosion: losses of a converging run shrink, and a run whose loss
        /// grew a million-fold only reaches infinity or NaN a few batches later.
        /// </summary>
        internal const double ExplosionFactor = 1e6;

        /// <param name="stages">The backbone's stages, run in order.</param>
        /// <param name="random">Batch sampling.</param>
        /// <param name="channel">Per-epoch log.</param>
        /// <param name="cancellation">Checked before every batch.</param>
        /// <param name="likelyCause">Appended to the message of a divergence (see <see cref="DivergenceAdvice"/>).</param>
        public static void Run(IEnumerable<TrainingStage> stages, Random random, IChannel channel, CancellationToken cancellation,
            string? likelyCause = null)
        {
            foreach (TrainingStage stage in stages)
                RunStage(stage, random, channel, cancellation, likelyCause);
        }

        private static void RunStage(TrainingStage stage, Random random, IChannel channel, CancellationToken cancellation, string? likelyCause)
        {
            using (GcPause.Enter())
                stage.Prepare?.Invoke();
            stage.Network.train();
            optim.Optimizer optimizer = stage.CreateOptimizer();
            optim.lr_scheduler.LRScheduler? scheduler = stage.CreateScheduler?.Invoke(optimizer);
            double bestLoss = double.PositiveInfinity;
            double firstLoss = double.NaN;
            Dictionary<string, Tensor>? bestWeights = null;
            try
            {
                for (int epoch = 1; epoch <= stage.Epochs; epoch++)
                {
                    using IDisposable gcPause = GcPause.Enter();
                    double sum = 0;
                    for (int batch = 1; batch <= stage.BatchesPerEpoch; batch++)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        using DisposeScope scope = NewDisposeScope();
                        optimizer.zero_grad();
                        Tensor loss = stage.BatchLoss(random);
                        double value = loss.item<float>();
                        if (!double.IsFinite(value))
                            throw Diverged(stage, epoch, $"the loss of batch {batch} is {value}", likelyCause);
                        if (double.IsNaN(firstLoss))
                            firstLoss = value;
                        else if (Math.Abs(value) > ExplosionFactor * Math.Max(1, Math.Abs(firstLoss)))
                            throw Diverged(stage, epoch, $"the loss exploded to {value:G3} in batch {batch} (the first batch's was {firstLoss:G3})",
                                likelyCause);
                        loss.backward();
                        optimizer.step();
                        sum += value;
                    }
                    scheduler?.step();
                    double mean = sum / stage.BatchesPerEpoch;
                    if (!ParametersFinite(stage.Network))
                        throw Diverged(stage, epoch, "the weights became infinite or NaN", likelyCause);
                    channel.Info(MessageSensitivity.None, $"AnoOnly {stage.Name}: epoch {epoch}/{stage.Epochs}, mean loss {mean:G6}");
                    if (stage.KeepBestEpoch && mean < bestLoss)
                    {
                        bestLoss = mean;
                        Dispose(bestWeights);
                        bestWeights = Snapshot(stage.Network);
                    }
                }
                if (bestWeights != null)
                    Restore(stage.Network, bestWeights);
            }
            finally
            {
                Dispose(bestWeights);
                optimizer.Dispose();
            }
            stage.Network.eval();
        }

        private static AnoOnlyTrainingException Diverged(TrainingStage stage, int epoch, string what, string? likelyCause) => new(
            $"AnoOnly {stage.Name} training diverged in epoch {epoch}: {what}. " + (likelyCause ??
            "Lower the learning rate (Options.LearningRate), and make sure the features are scaled (for example with " +
            "Transforms.NormalizeMinMax before the trainer)."), epoch);

        private static bool ParametersFinite(nn.Module network)
        {
            using DisposeScope scope = NewDisposeScope();
            return network.parameters().All(p => p.isfinite().all().item<bool>());
        }

        private static Dictionary<string, Tensor> Snapshot(nn.Module network)
        {
            using var _ = no_grad();
            // The scope frees the intermediate detach() handles; only the clones leave it.
            using DisposeScope scope = NewDisposeScope();
            return network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
        }

        private static void Restore(nn.Module network, Dictionary<string, Tensor> weights)
        {
            using var _ = no_grad();
            foreach (KeyValuePair<string, Tensor> entry in network.state_dict())
                entry.Value.copy_(weights[entry.Key]);
        }

        private static void Dispose(Dictionary<string, Tensor>? weights)
        {
            if (weights == null)
                return;
            foreach (Tensor tensor in weights.Values)
                tensor.Dispose();
        }
    }
}
