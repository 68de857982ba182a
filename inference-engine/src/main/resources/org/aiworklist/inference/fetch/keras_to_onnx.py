#!/usr/bin/python3
"""Converts a Keras 2 functional model of 3D convolutions (model.json + weights .h5) to ONNX, and checks it.

    keras_to_onnx.py MODEL_JSON WEIGHTS_H5 OUT_ONNX [REFERENCE_IN REFERENCE_OUT]

Needs only Debian's python3-numpy, python3-h5py and python3-onnx (run it with /usr/bin/python3). The graph is
rebuilt channels-first (NCDHW) layer by layer from the Keras configuration; layers it does not know stop the
conversion. With REFERENCE_IN (raw little-endian float32 patches, channels-last without the channel axis, as many
whole patches as the file holds) it also runs the Keras model itself in numpy, channels-last and with Keras'
own padding rules, and writes its output to REFERENCE_OUT in the same form: the caller runs the ONNX file on the
same input and compares, so the conversion is checked by an independent implementation.

TensorFlow's "same" padding of a stride-2 transposed convolution keeps the full output from index
(k - s) // 2 on; PyTorch and ONNX crop symmetrically unless told, so the pads here are explicit.
"""
import json
import sys

import h5py
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13


def layers_of(model_json):
    with open(model_json) as f:
        config = json.load(f)["config"]
    if len(config["input_layers"]) != 1 or len(config["output_layers"]) != 1:
        raise SystemExit("only models with one input and one output are converted")
    return config["layers"], config["input_layers"][0][0], config["output_layers"][0][0]


def weights_of(h5_file):
    weights = {}
    with h5py.File(h5_file, "r") as f:
        group = f["model_weights"] if "model_weights" in f else f
        for layer in group:
            for name in group[layer].attrs.get("weight_names", []):
                name = name.decode() if isinstance(name, bytes) else name
                weights[(layer, name.split("/")[-1].split(":")[0])] = np.array(group[layer][name], dtype=np.float32)
    return weights


def inputs_of(layer):
    if not layer["inbound_nodes"]:
        return []
    return [node[0] for node in layer["inbound_nodes"][0]]


def same_pads(kernel, stride):
    """TensorFlow 'same': total padding k - s (k - 1 at stride 1), the smaller half before."""
    total = max(kernel - stride, 0) if stride > 1 else kernel - 1
    return total // 2, total - total // 2


# ---------------------------------------------------------------------------------------------- ONNX (NCDHW)

def convert(layers, weights, input_name, output_name, spatial):
    nodes, initializers = [], []

    def constant(name, array):
        initializers.append(numpy_helper.from_array(array.astype(np.float32), name))
        return name

    def activation(layer, tensor):
        kind = layer["config"].get("activation", "linear")
        if kind == "linear":
            return tensor
        op = {"relu": "Relu", "sigmoid": "Sigmoid"}.get(kind)
        if op is None:
            raise SystemExit(f"{layer['name']}: activation '{kind}' is not converted")
        nodes.append(helper.make_node(op, [tensor], [tensor + "_" + kind]))
        return tensor + "_" + kind

    for layer in layers:
        name, kind, cfg = layer["name"], layer["class_name"], layer["config"]
        src = inputs_of(layer)
        if kind == "InputLayer":
            continue
        if kind == "Dropout":  # inference: identity
            nodes.append(helper.make_node("Identity", src, [name]))
            continue
        if kind == "Concatenate":
            if cfg.get("axis", -1) not in (-1, 4):
                raise SystemExit(f"{name}: only channel concatenation is converted")
            nodes.append(helper.make_node("Concat", src, [name], axis=1))
            continue
        if kind == "MaxPooling3D":
            if cfg["padding"] != "valid":
                raise SystemExit(f"{name}: only 'valid' pooling is converted")
            nodes.append(helper.make_node(
                "MaxPool", src, [name], kernel_shape=cfg["pool_size"], strides=cfg["strides"]))
            continue
        if cfg.get("data_format", "channels_last") != "channels_last":
            raise SystemExit(f"{name}: only channels_last Keras models are converted")
        if kind == "Conv3D":
            kernel = weights[(name, "kernel")]  # (kd, kh, kw, in, out)
            if cfg["padding"] != "same" or any(s != 1 for s in cfg["strides"]):
                raise SystemExit(f"{name}: only 'same' convolutions at stride 1 are converted")
            before, after = zip(*(same_pads(k, 1) for k in cfg["kernel_size"]))
            ins = src + [constant(name + "_W", kernel.transpose(4, 3, 0, 1, 2))]
            if cfg["use_bias"]:
                ins.append(constant(name + "_B", weights[(name, "bias")]))
            nodes.append(helper.make_node(
                "Conv", ins, [name + "_conv"], kernel_shape=cfg["kernel_size"], pads=list(before + after)))
            nodes.append(helper.make_node("Identity", [activation(layer, name + "_conv")], [name]))
            continue
        if kind == "Conv3DTranspose":
            kernel = weights[(name, "kernel")]  # (kd, kh, kw, out, in)
            if cfg["padding"] != "same":
                raise SystemExit(f"{name}: only 'same' transposed convolutions are converted")
            before, after = zip(*(same_pads(k, s) for k, s in zip(cfg["kernel_size"], cfg["strides"])))
            ins = src + [constant(name + "_W", kernel.transpose(4, 3, 0, 1, 2))]  # (in, out, kd, kh, kw)
            if cfg["use_bias"]:
                ins.append(constant(name + "_B", weights[(name, "bias")]))
            nodes.append(helper.make_node(
                "ConvTranspose", ins, [name + "_conv"], kernel_shape=cfg["kernel_size"], strides=cfg["strides"],
                pads=list(before + after)))
            nodes.append(helper.make_node("Identity", [activation(layer, name + "_conv")], [name]))
            continue
        if kind == "Dense":  # on the channel axis: a 1x1x1 convolution
            kernel = weights[(name, "kernel")]  # (in, units)
            ins = src + [constant(name + "_W", kernel.T.reshape(kernel.shape[1], kernel.shape[0], 1, 1, 1))]
            if cfg["use_bias"]:
                ins.append(constant(name + "_B", weights[(name, "bias")]))
            nodes.append(helper.make_node("Conv", ins, [name + "_conv"], kernel_shape=[1, 1, 1]))
            nodes.append(helper.make_node("Identity", [activation(layer, name + "_conv")], [name]))
            continue
        raise SystemExit(f"{name}: Keras layer {kind} is not converted")

    channels_in = next(l for l in layers if l["name"] == input_name)["config"]["batch_input_shape"][-1]
    graph = helper.make_graph(
        nodes,
        "keras_model",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", channels_in] + spatial)],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", None] + spatial)],
        initializers)
    # The Keras input and output names become the graph's
    for node in graph.node:
        node.input[:] = ["image" if i == input_name else i for i in node.input]
    graph.node.append(helper.make_node("Identity", [output_name], ["probability"]))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="aiworklist")
    onnx.checker.check_model(model)
    return model


# ----------------------------------------------------------------------------------- numpy reference (NDHWC)

def conv_same(x, kernel, bias):
    kd, kh, kw = kernel.shape[:3]
    pads = [same_pads(k, 1) for k in (kd, kh, kw)]
    padded = np.pad(x, [pads[0], pads[1], pads[2], (0, 0)])
    d, h, w = x.shape[:3]
    out = np.zeros((d, h, w, kernel.shape[4]), dtype=np.float32)
    for a in range(kd):
        for b in range(kh):
            for c in range(kw):
                out += padded[a:a + d, b:b + h, c:c + w, :] @ kernel[a, b, c]
    return out + bias if bias is not None else out


def conv_transpose_same(x, kernel, strides, bias):
    """Scatters each input voxel's kernel into a full output, then keeps TensorFlow's 'same' window of it."""
    kd, kh, kw = kernel.shape[:3]
    sd, sh, sw = strides
    d, h, w = x.shape[:3]
    full = np.zeros(((d - 1) * sd + kd, (h - 1) * sh + kh, (w - 1) * sw + kw, kernel.shape[3]), dtype=np.float32)
    for a in range(kd):
        for b in range(kh):
            for c in range(kw):
                # kernel[a, b, c] is (out, in): each input voxel adds its kernel tap at stride s
                full[a:a + (d - 1) * sd + 1:sd, b:b + (h - 1) * sh + 1:sh, c:c + (w - 1) * sw + 1:sw, :] += (
                    x @ kernel[a, b, c].T)
    starts = [same_pads(k, s)[0] for k, s in zip((kd, kh, kw), strides)]
    out = full[starts[0]:starts[0] + d * sd, starts[1]:starts[1] + h * sh, starts[2]:starts[2] + w * sw, :]
    return out + bias if bias is not None else out


def reference(layers, weights, input_name, output_name, patch):
    values = {input_name: patch[..., np.newaxis]}
    for layer in layers:
        name, kind, cfg = layer["name"], layer["class_name"], layer["config"]
        if kind == "InputLayer":
            continue
        src = [values[i] for i in inputs_of(layer)]
        bias = weights.get((name, "bias"))
        if kind == "Dropout":
            out = src[0]
        elif kind == "Concatenate":
            out = np.concatenate(src, axis=-1)
        elif kind == "MaxPooling3D":
            x = src[0]
            d, h, w, ch = x.shape
            out = x.reshape(d // 2, 2, h // 2, 2, w // 2, 2, ch).max(axis=(1, 3, 5))
        elif kind == "Conv3D":
            out = conv_same(src[0], weights[(name, "kernel")], bias)
        elif kind == "Conv3DTranspose":
            out = conv_transpose_same(src[0], weights[(name, "kernel")], cfg["strides"], bias)
        elif kind == "Dense":
            out = src[0] @ weights[(name, "kernel")] + (bias if bias is not None else 0)
        else:
            raise SystemExit(f"{name}: Keras layer {kind} has no reference")
        act = cfg.get("activation", "linear")
        if act == "relu":
            out = np.maximum(out, 0)
        elif act == "sigmoid":
            out = 1 / (1 + np.exp(-out))
        values[name] = out.astype(np.float32)
    return values[output_name][..., 0]


def main(argv):
    if len(argv) not in (4, 6):
        raise SystemExit(__doc__)
    layers, input_name, output_name = layers_of(argv[1])
    weights = weights_of(argv[2])
    spatial = next(l for l in layers if l["name"] == input_name)["config"]["batch_input_shape"][1:4]
    onnx.save(convert(layers, weights, input_name, output_name, spatial), argv[3])
    if len(argv) == 6:
        patches = np.fromfile(argv[4], dtype="<f4").reshape([-1] + spatial)
        out = np.stack([reference(layers, weights, input_name, output_name, p) for p in patches])
        out.astype("<f4").tofile(argv[5])
    print(f"converted {len(layers)} Keras layers to {argv[3]}")


if __name__ == "__main__":
    main(sys.argv)
