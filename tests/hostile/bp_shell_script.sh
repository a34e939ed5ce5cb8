#!/bin/sh
echo "not a blueprint"
