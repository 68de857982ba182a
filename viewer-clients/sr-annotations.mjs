#!/usr/bin/env node
// Reads a TID 1500 SR the way OHIF hydrates measurements from it: dcmjs parses and naturalizes the file, then
// @cornerstonejs/adapters' Cornerstone3D MeasurementReport.generateToolState extracts the annotations.
//
//   node viewer-clients/sr-annotations.mjs SR.dcm [SOURCE.dcm|DIR ...]
//
// Prints JSON on stdout: {adapters, dcmjs, groups, annotations: [{toolType, referencedSOPInstanceUID,
// trackingUniqueIdentifier, finding, points (patient mm), imagePoints (column,row)}]}.
// With source images (files or folders of them) their geometry places the points in patient space; without,
// each referenced image gets a unit plane (origin 0, spacing 1, axial), so points are pixel positions - 0.5.
// Exit status: 0 read, 1 unreadable input, 2 packages missing (./aiworklist test installs them).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
if (args.length < 1) {
  process.stderr.write('usage: node sr-annotations.mjs SR.dcm [SOURCE.dcm|DIR ...]\n');
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
    `sr-annotations: cannot load dcmjs / @cornerstonejs/adapters (${e.message}); ` +
      `./aiworklist test installs them (npm ci --prefix viewer-clients)\n`,
  );
  process.exit(2);
}
const { DicomMessage, DicomMetaDictionary } = dcmjs.data;

function readDataset(file) {
  const bytes = fs.readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const message = DicomMessage.readFile(buffer, { untilTag: '7FE00010', includeUntilTagValue: false });
  return DicomMetaDictionary.naturalizeDataset(message.dict);
}

const asArray = (x) => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);

/** Every (SOP Instance UID, frame) an SR content item or the evidence references. */
function referencedImages(dataset) {
  const refs = new Map();
  const visit = (item) => {
    for (const ref of asArray(item.ReferencedSOPSequence)) {
      if (ref.ReferencedSOPInstanceUID) {
        const frames = asArray(ref.ReferencedFrameNumber);
        for (const frame of frames.length ? frames : [1]) {
          refs.set(`${ref.ReferencedSOPInstanceUID}:${frame}`, ref);
        }
      }
    }
    asArray(item.ContentSequence).forEach(visit);
  };
  visit(dataset);
  return refs;
}

let sr;
try {
  sr = readDataset(args[0]);
} catch (e) {
  process.stderr.write(`sr-annotations: cannot read ${args[0]}: ${e.message}\n`);
  process.exit(1);
}

// Geometry of the source images given on the command line, by SOP Instance UID.
const planes = new Map();
const sourceFiles = args.slice(1).flatMap((p) =>
  fs.statSync(p).isDirectory()
    ? fs.readdirSync(p).map((f) => path.join(p, f)).filter((f) => fs.statSync(f).isFile())
    : [p],
);
for (const file of sourceFiles) {
  let ds;
  try {
    ds = readDataset(file);
  } catch {
    continue; // not DICOM
  }
  const iop = asArray(ds.ImageOrientationPatient).map(Number);
  const ipp = asArray(ds.ImagePositionPatient).map(Number);
  const spacing = asArray(ds.PixelSpacing).map(Number);
  if (ds.SOPInstanceUID && iop.length === 6 && ipp.length === 3) {
    planes.set(ds.SOPInstanceUID, {
      frameOfReferenceUID: ds.FrameOfReferenceUID,
      rows: ds.Rows,
      columns: ds.Columns,
      imagePositionPatient: ipp,
      rowCosines: iop.slice(0, 3),
      columnCosines: iop.slice(3, 6),
      // As Cornerstone's own metadata providers fill them from Pixel Spacing.
      rowPixelSpacing: spacing[0] || 1,
      columnPixelSpacing: spacing[1] || 1,
      pixelSpacing: spacing.length === 2 ? spacing : [1, 1],
      usesSourceGeometry: true,
    });
  }
}

// imageIds for the SR's referenced instances, keyed "SOPInstanceUID:frame" as the adapters look them up.
const sopInstanceUIDToImageIdMap = {};
const imageIdToSop = new Map();
for (const key of referencedImages(sr).keys()) {
  const imageId = `aiworklist:${key}`;
  sopInstanceUIDToImageIdMap[key] = imageId;
  imageIdToSop.set(imageId, key.slice(0, key.lastIndexOf(':')));
}
const frameOfReference =
  asArray(sr.ContentSequence).flatMap((i) => asArray(i.ContentSequence))[0]?.ReferencedFrameOfReferenceUID;
const unitPlane = {
  frameOfReferenceUID: frameOfReference,
  imagePositionPatient: [0, 0, 0],
  rowCosines: [1, 0, 0],
  columnCosines: [0, 1, 0],
  rowPixelSpacing: 1,
  columnPixelSpacing: 1,
  pixelSpacing: [1, 1],
  usesSourceGeometry: false,
};
core.metaData.addProvider((type, imageId) => {
  const sop = imageIdToSop.get(imageId);
  if (sop === undefined) {
    return undefined;
  }
  if (type === 'imagePlaneModule') {
    return planes.get(sop) ?? unitPlane;
  }
  if (type === 'sopCommonModule') {
    return { sopInstanceUID: sop };
  }
  return undefined;
}, 10000);

const { MeasurementReport } = adapters.adaptersSR.Cornerstone3D;
const toolState = MeasurementReport.generateToolState(sr, sopInstanceUIDToImageIdMap, core.metaData);

const report = asArray(sr.ContentSequence).find((i) => i.ConceptNameCodeSequence?.CodeValue === '126010');
const groups = asArray(report?.ContentSequence).filter((i) => i.ConceptNameCodeSequence?.CodeValue === '125007');
const round = (v) => Math.round(v * 1000) / 1000;
const annotations = [];
for (const [toolType, measurements] of Object.entries(toolState)) {
  for (const m of measurements) {
    const meta = m.annotation.metadata;
    const points = asArray(m.annotation.data?.handles?.points);
    const imageId = meta.referencedImageId;
    annotations.push({
      toolType,
      referencedSOPInstanceUID: m.sopInstanceUid ?? null,
      referencedImageId: imageId ?? null,
      frameOfReferenceUID: meta.FrameOfReferenceUID ?? null,
      trackingUniqueIdentifier: m.TrackingUniqueIdentifier ?? null,
      finding: m.description ?? null,
      geometry: imageId ? (planes.has(imageIdToSop.get(imageId)) ? 'source' : 'unit-plane') : 'patient',
      points: points.map((p) => Array.from(p).map(round)),
      imagePoints: imageId
        ? points.map((p) => core.utilities.worldToImageCoords(imageId, p).map(round))
        : null,
    });
  }
}

const version = (pkg) =>
  JSON.parse(fs.readFileSync(path.join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version;
process.stdout.write(
  JSON.stringify(
    {
      adapters: version('@cornerstonejs/adapters'),
      dcmjs: version('dcmjs'),
      groups: groups.length,
      annotations,
    },
    null,
    2,
  ) + '\n',
);
