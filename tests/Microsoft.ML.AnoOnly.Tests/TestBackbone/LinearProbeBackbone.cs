using System;
using System.Collections.Generic;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests.TestBackbone
{
    /// <summary>
    /// A backbone that exists only in the tests, written by the recipe of docs/backbones/README.md: a BatchNorm on
    /// the input and one linear score, s = w . bn(x) + b, trained with DevNet's margin loss. It proves that a
    /// backbone is one descriptor: registered, it trains, saves, loads and scores with no other change.
    /// </summary>
    internal sealed class LinearProbeBackbone : BackboneDescriptor
    {
        /// <summary>An id no built-in backbone uses.</summary>
        public const AnoOnlyBackbone Value = (AnoOnlyBackbone)100;

        public override AnoOnlyBackbone Id => Value;
        public override string Name => "LinearProbe";
        public override string Summary => "One linear score on batch-normalised features (a test backbone).";
        public override BackboneDefaults Defaults { get; } = new(Epochs: 20, BatchesPerEpoch: 10, BatchSize: 32, LearningRate: 1e-2);

        public override IBackboneModel CreateModel(TrainingSettings settings, int featureCount, Device device, Random random)
            => new LinearProbeModel(settings, featureCount, device, random);

        public override IAnomalyScorer CreateScorer(MemberState member) => new LinearProbeScorer(member);
    }

    internal sealed class LinearProbeModel : IBackboneModel
    {
        public const string OutputLayer = "output";
        private const float Margin = 5f;

        private readonly TrainingSettings _settings;
        private readonly int _featureCount;
        private readonly Network _network;

        public LinearProbeModel(TrainingSettings settings, int featureCount, Device device, Random random)
        {
            _settings = settings;
            _featureCount = featureCount;
            _network = new Network(featureCount, settings.UseBatchNorm);
            WeightInit.PyTorchDefault(_network.Output, random);
            _network.to(device);
        }

        public IReadOnlyList<TrainingStage> Stages(BatchSampler sampler) => new[]
        {
            new TrainingStage
            {
                Name = "LinearProbe",
                Network = _network,
                Epochs = _settings.Epochs,
                BatchesPerEpoch = _settings.BatchesPerEpoch,
                KeepBestEpoch = true,
                CreateOptimizer = () => optim.Adam(_network.parameters(), _settings.LearningRate),
                BatchLoss = random =>
                {
                    Batch batch = sampler.Balanced(random, _settings.BatchSize / 2, _settings.BatchSize - _settings.BatchSize / 2);
                    Tensor scores = _network.forward(batch.Rows);
                    Tensor perRow = (1 - batch.IsAnomaly) * scores.abs() + batch.IsAnomaly * (Margin - scores).clamp_min(0);
                    return new SampleLosses(perRow, batch.IsAnomaly, ConfirmedNormalMask: batch.IsConfirmedNormal);
                },
            },
        };

        public Tensor Score(Tensor rows)
        {
            _network.eval();
            using var _ = no_grad();
            return _network.forward(rows);
        }

        public MemberState Export()
        {
            float[] weight = TensorExport.Values(_network.Output.weight!);
            float[] bias = TensorExport.Values(_network.Output.bias!);
            if (_network.Norm is BatchNorm1d norm)
            {
                (float[] scale, float[] shift) = TensorExport.BatchNormAffine(norm, 1e-5);
                (weight, bias) = BatchNormFolding.IntoFollowing(weight, bias, _featureCount, 1, scale, shift);
            }
            var tensors = new Dictionary<string, StoredTensor>();
            LayerCodec.Store(tensors, OutputLayer, weight, bias, 1, _featureCount);
            return new MemberState(LinearProbeBackbone.Value, _settings.Loss, _featureCount, ScoreCombination.Identity, tensors);
        }

        public void Dispose() => _network.Dispose();

        private sealed class Network : nn.Module<Tensor, Tensor>
        {
            public readonly BatchNorm1d? Norm;
            public readonly Linear Output;

            public Network(int featureCount, bool batchNorm) : base("LinearProbe")
            {
                Norm = batchNorm ? nn.BatchNorm1d(featureCount) : null;
                Output = nn.Linear(featureCount, 1);
                RegisterComponents();
            }

            public override Tensor forward(Tensor rows)
            {
                using var scope = NewDisposeScope();
                Tensor input = Norm is null ? rows : Norm.forward(rows);
                return Output.forward(input).squeeze(-1).MoveToOuterDisposeScope();
            }
        }
    }

    internal sealed class LinearProbeScorer : IAnomalyScorer
    {
        private readonly DenseLayer _output;

        public LinearProbeScorer(MemberState member)
        {
            FeatureCount = member.FeatureCount;
            _output = LayerCodec.Load(member, LinearProbeModel.OutputLayer, FeatureCount, 1, Activation.None);
        }

        public int FeatureCount { get; }

        public float Score(ReadOnlySpan<float> features)
        {
            Span<float> score = stackalloc float[1];
            _output.Apply(features, score);
            return score[0];
        }

        public void ScoreBlock(ReadOnlySpan<float> rows, int count, Span<float> scores)
            => _output.ApplyBlock(rows, FeatureCount, count, scores, 1);

        public string EmitOnnx(Onnx.OnnxGraphBuilder graph, string features) => graph.Dense(_output, features, LinearProbeModel.OutputLayer);

        /// <summary>A linear score: feature i moves it by w_i (x_i - r_i), exactly.</summary>
        public void Explain(ReadOnlySpan<float> row, ReadOnlySpan<float> reference, Span<float> contributions)
        {
            ReadOnlySpan<float> w = _output.Weights;
            for (int i = 0; i < FeatureCount; i++)
                contributions[i] = w[i] * (row[i] - reference[i]);
        }
    }
}
