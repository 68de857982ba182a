#!/usr/bin/env node
// Reads a DICOM Segmentation the way OHIF loads one: dcmjs parses the source images' headers for the metadata
// provider, then @cornerstonejs/adapters' Cornerstone3D Segmentation.createFromDICOMSegBuffer turns the SEG into
// labelmap images, one per referenced source image.
//
//   node viewer-clients/seg-read.mjs SEG.dcm SOURCE.dcm|DIR ...
//
// Prints JSON on stdout: {adapters, dcmjs, segments: [{segmentNumber, label, category, type, algorithmType,
// algorithmName, trackingId, trackingUid}], frames: [{frame, segmentNumber, referencedSOPInstanceUID}] (as the SEG
// declares them), labelmaps (layers the adapter made: more than one when segments overlap), overlappingSegments,
// voxels: [{segmentNumber, referencedSOPInstanceUID, count}] (voxels of each segment on each source image in the
// adapter's labelmaps), centroids: {segmentNumber: {x, y, z}} (patient mm, as the adapter computes them)}.
// Exit status: 0 read, 1 unreadable input or the adapter refused the SEG, 2 packages missing
// (./aiworklist test installs them).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
if (args.length < 2) {
  process.stderr.write('usage: node seg-read.mjs SEG.dcm SOURCE.dcm|DIR ...\n');
  process.exit(1);
}

// The adapters log through console (loglevel); stdout is for the JSON only.
for (const level of ['log', 'info', 'debug', 'warn', 'trace']) {
  console[level] = (...a) => process.stderr.write(a.map(String).join(' ') + '\n');
}

let dcmjs, core, adapters;
try {
  dcmjs = (await import('dcmjs')).default;
  core = await import('@cornerstonejs/core');
  adapters = await import('@cornerstonejs/adapters');
} catch (e) {
  process.stderr.write(
    `seg-read: cannot load dcmjs / @cornerstonejs/adapters (${e.message}); ` +
      `./aiworklist test installs them (npm ci --prefix viewer-clients)\n`,
  );
  process.exit(2);
}
const { DicomMessage, DicomMetaDictionary } = dcmjs.data;

const asArray = (x) => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
const first = (x) => asArray(x)[0];

function arrayBufferOf(file) {
  const bytes = fs.readFileSync(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

function readHeader(file) {
  const message = DicomMessage.readFile(arrayBufferOf(file), { untilTag: '7FE00010', includeUntilTagValue: false });
  return DicomMetaDictionary.naturalizeDataset(message.dict);
}

let segBuffer, seg;
try {
  segBuffer = arrayBufferOf(args[0]);
  seg = DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(segBuffer).dict);
} catch (e) {
  process.stderr.write(`seg-read: cannot read ${args[0]}: ${e.message}\n`);
  process.exit(1);
}

// The source images, as OHIF's metadata provider would describe them, by imageId.
const sourceFiles = args.slice(1).flatMap((p) =>
  fs.statSync(p).isDirectory()
    ? fs.readdirSync(p).sort().map((f) => path.join(p, f)).filter((f) => fs.statSync(f).isFile())
    : [p],
);
const instances = new Map();
for (const file of sourceFiles) {
  let ds;
  try {
    ds = readHeader(file);
  } catch {
    continue; // not DICOM
  }
  if (ds.SOPInstanceUID && ds.ImagePositionPatient && ds.ImageOrientationPatient) {
    instances.set(`aiworklist:${ds.SOPInstanceUID}`, ds);
  }
}
if (instances.size === 0) {
  process.stderr.write('seg-read: no source image with a patient position among the given files\n');
  process.exit(1);
}
const imageIds = [...instances.keys()];

function module(type, ds) {
  const iop = asArray(ds.ImageOrientationPatient).map(Number);
  const spacing = asArray(ds.PixelSpacing).map(Number);
  switch (type) {
    case 'imagePlaneModule':
      return {
        frameOfReferenceUID: ds.FrameOfReferenceUID,
        rows: ds.Rows,
        columns: ds.Columns,
        imagePositionPatient: asArray(ds.ImagePositionPatient).map(Number),
        imageOrientationPatient: iop,
        rowCosines: iop.slice(0, 3),
        columnCosines: iop.slice(3, 6),
        pixelSpacing: spacing,
        rowPixelSpacing: spacing[0],
        columnPixelSpacing: spacing[1],
        sliceThickness: Number(ds.SliceThickness),
      };
    case 'imagePixelModule':
      return {
        samplesPerPixel: ds.SamplesPerPixel,
        photometricInterpretation: ds.PhotometricInterpretation,
        rows: ds.Rows,
        columns: ds.Columns,
        bitsAllocated: ds.BitsAllocated,
        bitsStored: ds.BitsStored,
        highBit: ds.HighBit,
        pixelRepresentation: ds.PixelRepresentation,
      };
    case 'generalSeriesModule':
      return { modality: ds.Modality, seriesInstanceUID: ds.SeriesInstanceUID };
    case 'generalImageModule':
      return { sopInstanceUID: ds.SOPInstanceUID, instanceNumber: ds.InstanceNumber };
    case 'sopCommonModule':
      return { sopClassUID: ds.SOPClassUID, sopInstanceUID: ds.SOPInstanceUID };
    case 'instance':
      return ds;
    default:
      return undefined;
  }
}
core.metaData.addProvider((type, imageId) => {
  const ds = instances.get(imageId);
  return ds === undefined ? undefined : module(type, ds);
}, 10000);

const { Segmentation } = adapters.adaptersSEG.Cornerstone3D;
let loaded;
try {
  loaded = await Segmentation.createFromDICOMSegBuffer(imageIds, segBuffer, { metadataProvider: core.metaData });
} catch (e) {
  process.stderr.write(`seg-read: the Cornerstone3D adapter refused the SEG: ${e.message}\n`);
  process.exit(1);
}

const code = (item) => (item ? `${item.CodeValue}|${item.CodingSchemeDesignator}|${item.CodeMeaning}` : null);
const segments = asArray(seg.SegmentSequence).map((s) => ({
  segmentNumber: s.SegmentNumber,
  label: s.SegmentLabel ?? null,
  category: code(first(s.SegmentedPropertyCategoryCodeSequence)),
  type: code(first(s.SegmentedPropertyTypeCodeSequence)),
  algorithmType: s.SegmentAlgorithmType ?? null,
  algorithmName: s.SegmentAlgorithmName ?? null,
  trackingId: s.TrackingID ?? null,
  trackingUid: s.TrackingUID ?? null,
}));
// Segment metadata as the adapter hands it to OHIF: indexed by segment number.
const adapterSegments = loaded.segMetadata.data
  .map((s, number) => (s ? number : null))
  .filter((n) => n !== null);

const frames = asArray(seg.PerFrameFunctionalGroupsSequence).map((g, i) => ({
  frame: i + 1,
  segmentNumber: first(g.SegmentIdentificationSequence)?.ReferencedSegmentNumber ?? null,
  referencedSOPInstanceUID:
    first(first(g.DerivationImageSequence)?.SourceImageSequence)?.ReferencedSOPInstanceUID ?? null,
}));

// Voxels per segment and source image, read from the adapter's labelmap images.
const counts = new Map();
for (const layer of loaded.labelMapImages) {
  layer.forEach((image, index) => {
    const voxelManager = image.voxelManager;
    const pixels = voxelManager ? null : image.getPixelData();
    const length = voxelManager ? voxelManager.getScalarDataLength() : pixels.length;
    const sop = instances.get(image.referencedImageId ?? imageIds[index]).SOPInstanceUID;
    for (let k = 0; k < length; k++) {
      const value = voxelManager ? voxelManager.getAtIndex(k) : pixels[k];
      if (value) {
        const key = `${value}|${sop}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  });
}
const voxels = [...counts.entries()].map(([key, count]) => {
  const [segmentNumber, referencedSOPInstanceUID] = key.split('|');
  return { segmentNumber: Number(segmentNumber), referencedSOPInstanceUID, count };
});

const round = (v) => Math.round(v * 1000) / 1000;
const centroids = {};
for (const [segmentNumber, c] of loaded.centroids) {
  const world = c?.world ?? c;
  if (world && world.x !== undefined) {
    centroids[segmentNumber] = { x: round(world.x), y: round(world.y), z: round(world.z) };
  }
}

const version = (pkg) =>
  JSON.parse(fs.readFileSync(path.join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version;
process.stdout.write(
  JSON.stringify(
    {
      adapters: version('@cornerstonejs/adapters'),
      dcmjs: version('dcmjs'),
      segments,
      adapterSegments,
      frames,
      labelmaps: loaded.labelMapImages.length,
      overlappingSegments: loaded.overlappingSegments,
      voxels,
      centroids,
    },
    null,
    2,
  ) + '\n',
);
