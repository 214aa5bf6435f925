/** The built-in margin add-ons. A new add-on: one file calling `addOnKinds.register`, imported here. */
import './correlation-break.js';
import './anti-procyclicality.js';
import './concentration.js';
